namespace SacOperator.Model;

public static class ConditionStatus
{
    public const string True = "True";
    public const string False = "False";
    public const string Unknown = "Unknown";

    public static string Of(bool value) => value ? True : False;
}
