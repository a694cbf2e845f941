namespace SacOperator.Processes;

/// <summary>A live process that carries a <see cref="LaunchMarker"/> of this operator home.</summary>
public sealed record MarkedProcess(ProcessHandle Handle, int ProcessGroup, int Session, LaunchMarker Marker);
