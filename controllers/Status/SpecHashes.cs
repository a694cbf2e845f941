using System.Security.Cryptography;
using System.Text;
using SacOperator.Model;
using SacOperator.Serialization;

namespace SacOperator.Status;

public static class SpecHashes
{
    /// <summary>Hash of a whole spec: any change bumps the directory-mode generation.</summary>
    public static string Spec(Resource resource) => Hash(ModelJson.Serialize(resource.SpecObject));

    /// <summary>
    /// Hash of the Agent fields that shape the process or its instance. A change restarts the
    /// agent; changes elsewhere (labels, health, restart policy, suspend, host) do not.
    /// </summary>
    public static string Process(AgentSpec spec) => Hash(ModelJson.Serialize(new
    {
        spec.Runtime,
        spec.Image,
        spec.Command,
        spec.Claude,
        spec.StartupPrompts,
        spec.Env,
        spec.Binds,
        spec.Workdir,
        spec.Gpu,
        spec.Relaxed,
        spec.RawArgs,
        spec.Overlay,
        spec.Account,
    }));

    private static string Hash(string text) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)).AsSpan(0, 12));
}
