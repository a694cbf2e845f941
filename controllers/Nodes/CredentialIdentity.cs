using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using SacOperator.Model;
using SacOperator.Runtime;
using SacOperator.State;

namespace SacOperator.Nodes;

/// <summary>
/// A non-secret fingerprint of where an Account's credentials are: a change means the account was
/// re-pointed (rotated), so agents using it restart. It hashes the kind of reference, the expanded
/// path (or variable name, or Secret coordinates) and, for a directory, its device and inode. It
/// never reads the secret, and ignores the credentials file's own inode and modification time:
/// Claude Code rewrites <c>.credentials.json</c> (by rename) on every token refresh, which is not
/// a rotation.
/// </summary>
public static class CredentialIdentity
{
    /// <summary>The fingerprint, or null when the reference names nothing.</summary>
    public static string? Of(CredentialRef credentials, IReadOnlyDictionary<string, string> environment)
    {
        string? text = null;
        if (credentials.Directory is { Length: > 0 } directory)
        {
            var path = Path.GetFullPath(AgentEnvironment.ExpandPath(directory, environment));
            var identity = FileIdentity.Of(path) is { } id ? string.Create(CultureInfo.InvariantCulture, $"{id.Device}:{id.Inode}") : "missing";
            text = $"directory\n{path}\n{identity}";
        }
        else if (credentials.File is { Length: > 0 } file)
        {
            text = $"file\n{Path.GetFullPath(AgentEnvironment.ExpandPath(file, environment))}";
        }
        else if (credentials.EnvVar is { Length: > 0 } variable)
        {
            text = $"env\n{variable}";
        }
        else if (credentials.SecretRef is { } secret)
        {
            text = $"secret\n{secret.Name}\n{secret.Key}";
        }

        return text is null ? null : "cred:" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)).AsSpan(0, 12));
    }
}
