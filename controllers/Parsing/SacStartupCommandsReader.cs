using SacOperator.Model;
using YamlDotNet.RepresentationModel;

namespace SacOperator.Parsing;

/// <summary>
/// sac's <c>spec.startup_commands</c>: a list of <c>{delay, command}</c> (bare strings are
/// rejected, as sac does), and sac's guard against an unguarded recursive forced <c>rm</c> of a
/// variable target (one unset variable away from deleting a home).
/// </summary>
internal static class SacStartupCommandsReader
{
    public static IReadOnlyList<StartupCommand> Read(YamlMap spec)
    {
        if (spec.Sequence("startup_commands") is not { } sequence)
        {
            return [];
        }

        var commands = new List<StartupCommand>();
        for (var i = 0; i < sequence.Children.Count; i++)
        {
            var path = $"spec.startup_commands[{i}]";
            if (sequence.Children[i] is not YamlMappingNode node)
            {
                spec.Context.Error(sequence.Children[i], path, "must be a mapping {delay: seconds, command: \"...\"}, not a bare string");
                continue;
            }

            var item = YamlMap.Open(spec.Context, node, path)!;
            var command = item.String("command");
            var delay = SacDurations.Read(item, "delay") ?? TimeSpan.Zero;
            item.ReportUnknown("a startup command takes delay and command");
            if (command is not { Length: > 0 } || command.Trim().Length == 0)
            {
                spec.Context.Error(item.KeyNode("command") ?? (YamlNode)node, $"{path}.command", "required");
                continue;
            }

            if (RemovesVariableTargetRecursively(command))
            {
                spec.Context.Error(item.Get("command"), $"{path}.command",
                    "recursive forced rm of a variable target is refused (an unset variable would delete far more); guard it, e.g. ${VAR:?} or test -n \"$VAR\"");
                continue;
            }

            commands.Add(new StartupCommand { Command = command, Delay = delay });
        }

        return commands;
    }

    /// <summary>An <c>rm</c> with recursive and force flags whose target starts with an unguarded <c>$VAR</c> or <c>${VAR}</c>.</summary>
    public static bool RemovesVariableTargetRecursively(string command)
    {
        foreach (var segment in command.Split([";", "&&", "||", "|", "\n"], StringSplitOptions.RemoveEmptyEntries))
        {
            var tokens = segment.Split([' ', '\t'], StringSplitOptions.RemoveEmptyEntries).ToList();
            var rm = tokens.FindIndex(t => t == "rm" || t.EndsWith("/rm", StringComparison.Ordinal));
            if (rm < 0)
            {
                continue;
            }

            var arguments = tokens.Skip(rm + 1).ToList();
            var flags = arguments.Where(a => a.StartsWith('-')).ToList();
            var recursive = flags.Any(f => f == "--recursive" || (!f.StartsWith("--", StringComparison.Ordinal) && (f.Contains('r') || f.Contains('R'))));
            var force = flags.Any(f => f == "--force" || (!f.StartsWith("--", StringComparison.Ordinal) && f.Contains('f')));
            var variableTarget = arguments.Where(a => !a.StartsWith('-')).Select(a => a.TrimStart('"', '\''))
                .Any(a => a.StartsWith('$') && !a.StartsWith("${", StringComparison.Ordinal) || a.StartsWith("${", StringComparison.Ordinal) && !a.Contains(":?", StringComparison.Ordinal));
            if (recursive && force && variableTarget)
            {
                return true;
            }
        }

        return false;
    }
}
