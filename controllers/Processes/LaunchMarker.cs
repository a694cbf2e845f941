using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace SacOperator.Processes;

/// <summary>
/// The identity every agent process carries in its environment (<c>SAC_LAUNCH</c>), so that an
/// operator that died between spawning and recording can still find what it started: which
/// operator home, which agent, which launch, and what it was started from. Descendants inherit it,
/// which is how leftovers of an exited run are found too. It holds no secret.
/// </summary>
/// <param name="Home">Short digest of the operator home: two homes on one machine never adopt each other's processes.</param>
/// <param name="Agent"><c>name</c>, or <c>namespace/name</c> in Kubernetes mode.</param>
/// <param name="LaunchId">Unique per start; recorded durably before the process is spawned.</param>
/// <param name="SpecHash">Hash of the spec fields that shaped the process (may be empty).</param>
/// <param name="Runtime">The runtime that started it (<c>local</c>, <c>apptainer</c>).</param>
public sealed record LaunchMarker(string Home, string Agent, string LaunchId, string SpecHash, string Runtime)
{
    public const string Variable = "SAC_LAUNCH";

    /// <summary>How the variable appears in the environment of an <c>apptainer</c> process before it enters the container.</summary>
    public const string ApptainerVariable = "APPTAINERENV_SAC_LAUNCH";

    private const string Version = "v1";

    public static string HomeDigest(string operatorHome) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(Path.GetFullPath(operatorHome).TrimEnd('/'))))[..16];

    public static string NewLaunchId() => Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(12));

    public string Format() => string.Join(';', Version, Home, Agent, LaunchId, SpecHash, Runtime);

    public static LaunchMarker? TryParse(string value)
    {
        var parts = value.Split(';');
        if (parts.Length != 6 || parts[0] != Version || parts[1].Length == 0 || parts[2].Length == 0 || parts[3].Length == 0)
        {
            return null;
        }

        return new LaunchMarker(parts[1], parts[2], parts[3], parts[4], parts[5]);
    }

    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{Agent} launch {LaunchId}");
}
