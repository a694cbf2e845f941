using System.Runtime.CompilerServices;
using System.Security.Cryptography;
using System.Text;
using SacOperator.Model;
using SacOperator.Serialization;

namespace SacOperator.Status;

/// <summary>
/// Content hashes of specs. Cached per instance: cached resources are immutable and shared by
/// every reconcile until the spec changes, so each spec is serialised and hashed once.
/// </summary>
public static class SpecHashes
{
    private static readonly ConditionalWeakTable<object, string> SpecCache = [];
    private static readonly ConditionalWeakTable<AgentSpec, string> ProcessCache = [];
    private static readonly ConditionalWeakTable<Resource, string> JsonCache = [];

    /// <summary>Hash of a whole spec: any change bumps the directory-mode generation.</summary>
    public static string Spec(Resource resource) =>
        SpecCache.GetValue(resource.SpecObject, spec => Hash(ModelJson.Serialize(spec)));

    /// <summary>
    /// Hash of the Agent fields that shape the process or its instance. A change restarts the
    /// agent; changes elsewhere (labels, health, restart policy, suspend, host) do not. For
    /// <c>valueFrom</c> variables the path counts, not the file's content: the file is read at each
    /// start, so a changed content takes effect with <c>sacop restart</c>. For a sac spec this
    /// includes the digest of its <c>to_home</c> layers, so editing them restarts it.
    /// </summary>
    public static string Process(AgentSpec spec) => ProcessCache.GetValue(spec, s => Hash(ModelJson.Serialize(new
    {
        s.Runtime,
        s.Image,
        s.Command,
        s.Claude,
        s.StartupPrompts,
        s.Env,
        s.EnvFiles,
        s.Binds,
        s.Workdir,
        s.Gpu,
        s.Relaxed,
        s.RawArgs,
        s.Overlay,
        s.Account,
        // sac's home layers (by content digest), startup commands, scratch and bind options.
        s.Sac,
    })));

    /// <summary>
    /// The resource's canonical JSON for the state DB, serialised once per instance, with secret
    /// values masked (<see cref="SecretMask"/>): the DB, and all that is printed from it, never holds
    /// a credential. The hashes above see the real values, so changing a secret still restarts.
    /// </summary>
    public static string Json(Resource resource) => JsonCache.GetValue(resource, r => ModelJson.Serialize(SecretMask.Apply(r)));

    private static string Hash(string text) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)).AsSpan(0, 12));
}
