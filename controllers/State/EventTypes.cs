namespace SacOperator.State;

public static class EventTypes
{
    public const string Normal = "Normal";
    public const string Warning = "Warning";
}
