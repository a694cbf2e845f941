using SacOperator.Model;

namespace SacOperator.Parsing;

/// <summary>The binds of a sac spec that apply on this host, with the ones sac may skip or must create first.</summary>
internal sealed record SacBinds(IReadOnlyList<BindMount> Binds, IReadOnlyList<BindMount> Optional, IReadOnlyList<string> EnsureDirectories)
{
    public static readonly SacBinds None = new([], [], []);
}
