namespace SacOperator.Images;

public sealed record ImageControllerOptions
{
    /// <summary>Images live under <c>&lt;home&gt;/images/</c>.</summary>
    public required string OperatorHome { get; init; }

    /// <summary>This host; named in the status (decision 0022).</summary>
    public required string HostName { get; init; }

    /// <summary>The apptainer executable builds run.</summary>
    public string Apptainer { get; init; } = "apptainer";

    /// <summary>The environment builds run in (the operator's).</summary>
    public required IReadOnlyDictionary<string, string> Environment { get; init; }

    /// <summary>How often an image that follows its source (<c>update: true</c>) is re-checked: def files and the files they copy are not watched.</summary>
    public TimeSpan RecheckPeriod { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>A def file or copied file written more recently than this is not built from yet (it may be half-written).</summary>
    public TimeSpan SourceSettle { get; init; } = TimeSpan.FromSeconds(1);
}
