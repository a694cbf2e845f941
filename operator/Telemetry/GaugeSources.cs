using SacOperator.Agents;
using SacOperator.Engine;

namespace SacOperator.Operator.Telemetry;

/// <summary>What <see cref="OperatorGauges"/> reads at collection time.</summary>
public sealed record GaugeSources
{
    public required FleetView Fleet { get; init; }

    /// <summary>The running controllers (resolved on first use: they are created after the gauges).</summary>
    public required Func<IReadOnlyList<Controller>> Controllers { get; init; }

    /// <summary>The same verdict as <c>/readyz</c>.</summary>
    public required Func<bool> Ready { get; init; }

    public required string Version { get; init; }
}
