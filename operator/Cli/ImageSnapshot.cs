using System.Diagnostics;
using SacOperator.Images;
using SacOperator.Runtime;

namespace SacOperator.Operator.Cli;

/// <summary>
/// The reproducibility record of an image's active version on this host (sac's <c>image
/// snapshot</c>): the artifact's sha256 as recorded at build time and as read now, the source
/// digest it was built from, the apptainer version, the host, and when.
/// </summary>
public sealed record ImageSnapshot
{
    public string SchemaVersion { get; init; } = "1.0";

    public required DateTimeOffset Timestamp { get; init; }

    public required string Image { get; init; }

    public required string Version { get; init; }

    public required string Path { get; init; }

    public string? Sha256 { get; init; }

    /// <summary>False when the file on disk no longer has the digest recorded at build time.</summary>
    public bool Verified { get; init; }

    public string? SourceDigest { get; init; }

    public string? Base { get; init; }

    public string? ApptainerVersion { get; init; }

    public required string Host { get; init; }

    public static async Task<ImageSnapshot> TakeAsync(ImageLayout layout, string apptainer, CancellationToken cancellationToken)
    {
        var current = ImageDisk.Current(layout);
        var built = ImageDisk.Versions(layout).FirstOrDefault(v => v.Version == current)
            ?? throw new CliError($"image '{layout.Name}' has no active version on this host");
        var onDisk = built.Artifact.Sha256 is null || !File.Exists(built.Artifact.Path) ? null : ImageDisk.Sha256Of(built.Artifact.Path);
        return new ImageSnapshot
        {
            Timestamp = TimeProvider.System.GetUtcNow(),
            Image = layout.Name,
            Version = built.Version,
            Path = built.Artifact.Path,
            Sha256 = onDisk ?? built.Artifact.Sha256,
            Verified = onDisk is not null && onDisk == built.Artifact.Sha256,
            SourceDigest = built.Artifact.SourceDigest,
            Base = built.Base,
            ApptainerVersion = await ApptainerVersionAsync(apptainer, cancellationToken).ConfigureAwait(false),
            Host = Environment.MachineName,
        };
    }

    private static async Task<string?> ApptainerVersionAsync(string apptainer, CancellationToken cancellationToken)
    {
        try
        {
            using var process = Process.Start(new ProcessStartInfo(apptainer, ["--version"]) { RedirectStandardOutput = true, RedirectStandardError = true })!;
            var output = await process.StandardOutput.ReadToEndAsync(cancellationToken).ConfigureAwait(false);
            await process.WaitForExitAsync(cancellationToken).ConfigureAwait(false);
            return process.ExitCode == 0 ? output.Trim() : null;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return null;
        }
    }
}
