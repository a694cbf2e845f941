namespace SacOperator.Model;

public static class GpuKinds
{
    public const string None = "none";
    public const string Nvidia = "nvidia";
    public const string Rocm = "rocm";

    public static readonly IReadOnlyList<string> All = [None, Nvidia, Rocm];
}
