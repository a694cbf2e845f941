using System.Globalization;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json;
using System.Text.Json.Nodes;
using SacOperator.Kubernetes.Config;

namespace SacOperator.Kubernetes.Exec;

/// <summary>
/// The ExecCredential protocol: the request put in KUBERNETES_EXEC_INFO and the reading of what
/// the plugin printed. Errors describe what is wrong, never quote the output (it holds the token).
/// </summary>
internal static class ExecCredentialReader
{
    public const string InfoVariable = "KUBERNETES_EXEC_INFO";

    public static string Request(ExecPlugin plugin, bool interactive)
    {
        var spec = new JsonObject { ["interactive"] = interactive };
        if (plugin.Cluster is { } cluster)
        {
            spec["cluster"] = cluster.DeepClone();
        }

        return new JsonObject { ["kind"] = "ExecCredential", ["apiVersion"] = plugin.ApiVersion, ["spec"] = spec }.ToJsonString();
    }

    public static ExecCredential Read(string output, ExecPlugin plugin)
    {
        JsonNode? root;
        try
        {
            root = JsonNode.Parse(output);
        }
        catch (JsonException e)
        {
            throw Fail(plugin, $"printed no valid JSON on standard output (line {e.LineNumber + 1}, byte {e.BytePositionInLine})");
        }

        if (root is not JsonObject credential || Text(credential, "kind") != "ExecCredential")
        {
            throw Fail(plugin, "printed JSON that is not an ExecCredential");
        }

        if (Text(credential, "apiVersion") is var version && version != plugin.ApiVersion)
        {
            throw Fail(plugin, $"returned apiVersion '{version}', but the kubeconfig asks for {plugin.ApiVersion}");
        }

        if (credential["status"] is not JsonObject status)
        {
            throw Fail(plugin, "returned an ExecCredential without status");
        }

        var token = Text(status, "token") is { Length: > 0 } t ? t : null;
        var certificate = Text(status, "clientCertificateData") is { Length: > 0 } c ? c : null;
        var key = Text(status, "clientKeyData") is { Length: > 0 } k ? k : null;
        if ((certificate is null) != (key is null))
        {
            throw Fail(plugin, $"returned status.{(certificate is null ? "clientKeyData" : "clientCertificateData")} without {(certificate is null ? "clientCertificateData" : "clientKeyData")}");
        }

        if (token is null && certificate is null)
        {
            throw Fail(plugin, "returned neither status.token nor status.clientCertificateData and clientKeyData");
        }

        return new ExecCredential
        {
            Token = token,
            ClientCertificate = certificate is null ? null : Certificate(certificate, key!, plugin),
            Expires = Expiry(status, plugin),
        };
    }

    private static DateTimeOffset? Expiry(JsonObject status, ExecPlugin plugin)
    {
        if (Text(status, "expirationTimestamp") is not { Length: > 0 } text)
        {
            return null;
        }

        return DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var at)
            ? at
            : throw Fail(plugin, $"returned status.expirationTimestamp '{text}', which is not an RFC 3339 time");
    }

    private static X509Certificate2 Certificate(string certificate, string key, ExecPlugin plugin)
    {
        try
        {
            return X509Certificate2.CreateFromPem(certificate, key);
        }
        catch (CryptographicException e)
        {
            // The exception text says what failed to decode, never the key material.
            throw Fail(plugin, $"returned a client certificate or key that is not valid PEM ({e.Message})");
        }
    }

    private static string? Text(JsonObject json, string key) =>
        json[key] is JsonValue value && value.TryGetValue<string>(out var text) ? text : null;

    private static ExecCredentialException Fail(ExecPlugin plugin, string what) => new($"{plugin} ({plugin.File}) {what}");
}
