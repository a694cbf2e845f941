namespace SacOperator.Images;

public static class ImagePhases
{
    public const string Pending = "Pending";
    public const string Building = "Building";
    public const string Ready = "Ready";
    public const string Failed = "Failed";
}
