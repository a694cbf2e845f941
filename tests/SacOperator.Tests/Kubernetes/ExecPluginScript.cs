using System.Text.Json.Nodes;
using SacOperator.Tests.TestSupport;

namespace SacOperator.Tests.Kubernetes;

/// <summary>
/// A stand-in exec credential plugin: a bash script (mode 0700) in <c>bin/</c> of a test directory
/// that counts its calls, records its argv, KUBERNETES_EXEC_INFO and one variable of its
/// environment per call, writes a line to standard error, and prints <c>response.json</c> with
/// <c>__N__</c> replaced by the call number (so call N returns token <c>token-N</c>).
/// </summary>
public sealed class ExecPluginScript
{
    public const string RelativeCommand = "./bin/auth-plugin";

    private readonly TempDirectory _dir;

    public ExecPluginScript(TempDirectory dir, int exitCode = 0)
    {
        _dir = dir;
        Path = dir.Write("bin/auth-plugin", $$"""
            #!/bin/bash
            # Stand-in exec credential plugin written by a test.
            state="{{dir.Path}}/state"
            mkdir -p "$state"
            n=$(( $(cat "$state/calls" 2>/dev/null || echo 0) + 1 ))
            echo "$n" > "$state/calls"
            printf '%s\n' "$@" > "$state/args-$n"
            printf '%s' "$KUBERNETES_EXEC_INFO" > "$state/info-$n"
            printf '%s' "${PLUGIN_REGION-unset}" > "$state/region-$n"
            echo "auth-plugin: call $n" >&2
            sed "s/__N__/$n/g" "{{dir.Path}}/response.json"
            exit {{exitCode}}
            """);
        File.SetUnixFileMode(Path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
    }

    public string Path { get; }

    public int Calls => File.Exists(State("calls")) ? int.Parse(File.ReadAllText(State("calls")).Trim(), System.Globalization.CultureInfo.InvariantCulture) : 0;

    /// <summary>What the plugin prints: an ExecCredential of <paramref name="apiVersion"/> with token <c>token-N</c>, expiring at <paramref name="expires"/> if given.</summary>
    public void RespondWithToken(string apiVersion, DateTimeOffset? expires = null)
    {
        var status = new JsonObject { ["token"] = "token-__N__" };
        if (expires is { } at)
        {
            status["expirationTimestamp"] = at.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", System.Globalization.CultureInfo.InvariantCulture);
        }

        Respond(new JsonObject { ["apiVersion"] = apiVersion, ["kind"] = "ExecCredential", ["status"] = status }.ToJsonString());
    }

    public void Respond(string output) => _dir.Write("response.json", output + "\n");

    public IReadOnlyList<string> Args(int call) => File.ReadAllLines(State($"args-{call}"));

    public JsonObject Info(int call) => (JsonObject)JsonNode.Parse(File.ReadAllText(State($"info-{call}")))!;

    public string Region(int call) => File.ReadAllText(State($"region-{call}"));

    /// <summary>A kubeconfig (in the test directory) whose user runs this plugin by its relative path.</summary>
    /// <param name="execExtra">One more line of the exec mapping, such as <c>installHint: ...</c>.</param>
    /// <param name="clusterExtra">One more line of the cluster mapping, such as <c>certificate-authority: ...</c>.</param>
    public string KubeConfig(Uri server, string apiVersion, string command = RelativeCommand, string interactiveMode = "IfAvailable", string execExtra = "", string clusterExtra = "") => _dir.Write("kubeconfig", $"""
        apiVersion: v1
        kind: Config
        current-context: standin
        clusters:
        - name: standin
          cluster:
            server: {server.AbsoluteUri.TrimEnd('/')}
            {clusterExtra}
        contexts:
        - name: standin
          context: {"{"}cluster: standin, user: plugin-user{"}"}
        users:
        - name: plugin-user
          user:
            exec:
              apiVersion: {apiVersion}
              command: {command}
              args: ["get-token", "--cluster", "two words"]
              env:
              - name: PLUGIN_REGION
                value: eu-west-1
              interactiveMode: {interactiveMode}
              {execExtra}
        """);

    private string State(string name) => _dir.Combine("state", name);
}
