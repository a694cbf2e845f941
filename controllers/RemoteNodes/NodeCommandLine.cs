using SacOperator.Hosts;
using SacOperator.Model;

namespace SacOperator.RemoteNodes;

/// <summary>
/// The ssh argv of one node verb on a Host: <c>sacop node &lt;verb&gt; --home &lt;home&gt; …</c> over the
/// Host's shared master connection (the same options as its probes, <see cref="SshArguments"/>),
/// after the Host's preamble, every word quoted for the remote shell. Only identities and names
/// go on this line (other users can read it in <c>ps</c>); anything else travels on stdin.
/// </summary>
public static class NodeCommandLine
{
    public static IReadOnlyList<string> Argv(string ssh, HostSpec spec, string controlDirectory, string verb, IReadOnlyList<string> arguments) =>
        SshArguments.For(ssh, spec, controlDirectory, Remote(spec.Node, spec.Preamble, verb, arguments));

    /// <summary>The command string the remote shell runs.</summary>
    public static string Remote(HostNodeSpec node, string? preamble, string verb, IReadOnlyList<string> arguments)
    {
        var words = node.Command.Concat(["node", verb, "--home", node.Home]).Concat(arguments).Select(ShellQuote.Word);
        var script = (preamble is { Length: > 0 } ? preamble.TrimEnd() + "\n" : "") + "exec " + string.Join(' ', words);
        return "sh -c " + ShellQuote.Word(script);
    }
}
