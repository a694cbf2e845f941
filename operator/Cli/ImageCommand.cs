using System.CommandLine;
using System.Text.Json;
using SacOperator.Editing;
using SacOperator.Images;
using SacOperator.Model;
using SacOperator.Runtime;
using SacOperator.Serialization;

namespace SacOperator.Operator.Cli;

/// <summary>
/// <c>sacop image build|rollout|rollback|snapshot|logs NAME</c> for this host's images (directory mode).
/// <c>build</c> asks the running operator for a build through the state DB, <c>rollout</c> the same
/// way for a waiting (manual) rollout to start or a failed one to go on; <c>rollback</c> pins
/// <c>spec.version</c> to the version before the active one in the Image's spec file (the operator
/// then switches <c>current</c>); <c>snapshot</c> writes a reproducibility record of the active
/// version; <c>logs</c> prints the newest build's log, following it to the build's end with -f.
/// </summary>
public static class ImageCommand
{
    public static Command Create() => new("image", "Build, roll back, snapshot or read the build log of an Image on this host")
    {
        Build(), Rollout(), Rollback(), Snapshot(), Logs(),
    };

    private static Command Build()
    {
        var (name, home, ns) = (new Argument<string>("name"), CommonOptions.Home(), CommonOptions.Namespace());
        var command = new Command("build", "Build a new version now, even if the source is unchanged") { name, home, ns };
        command.SetAction(async (result, cancellationToken) =>
        {
            var key = await ResolveAsync(result.GetValue(home)!, result.GetValue(name)!, result.GetValue(ns), cancellationToken).ConfigureAwait(false);
            using var state = StateAccess.OpenWritable(CommonOptions.FullHome(result.GetValue(home)!));
            state.AddRequest(key, "build");
            Console.WriteLine($"image/{key.Name} build requested (follow it with: sacop logs image {key.Name} -f)");
            return ExitCodes.Ok;
        });
        return command;
    }

    private static Command Rollout()
    {
        var (name, home, ns) = (new Argument<string>("name"), CommonOptions.Home(), CommonOptions.Namespace());
        var command = new Command("rollout", "Move the agents onto the active version: start a waiting (manual) rollout, or retry a failed one") { name, home, ns };
        command.SetAction(async (result, cancellationToken) =>
        {
            var key = await ResolveAsync(result.GetValue(home)!, result.GetValue(name)!, result.GetValue(ns), cancellationToken).ConfigureAwait(false);
            using var state = StateAccess.OpenWritable(CommonOptions.FullHome(result.GetValue(home)!));
            state.AddRequest(key, "rollout");
            Console.WriteLine($"image/{key.Name} rollout requested (follow it with: sacop describe image {key.Name})");
            return ExitCodes.Ok;
        });
        return command;
    }

    private static Command Rollback()
    {
        var (name, home, ns) = (new Argument<string>("name"), CommonOptions.Home(), CommonOptions.Namespace());
        var command = new Command("rollback", "Pin spec.version to the version before the active one (edits the spec file)") { name, home, ns };
        command.SetAction(async (result, cancellationToken) =>
        {
            using var source = ServerAccess.Open(result.GetValue(home)!, null, null);
            var key = await ResourceLookup.ResolveAsync(source, ResourceKinds.Image, result.GetValue(name)!, result.GetValue(ns), cancellationToken).ConfigureAwait(false);
            var row = await source.GetResourceAsync(key, cancellationToken).ConfigureAwait(false)
                ?? throw new CliError($"image '{key.Name}' not found");
            var status = row.StatusJson is { } json ? JsonSerializer.Deserialize<ImageStatus>(json, ModelJson.Options) : null;
            var previous = ImageRollback.Previous(status)
                ?? throw new CliError($"image '{key.Name}' has no version before {status?.ActiveVersion ?? "its active one"} on this host (versions: {string.Join(", ", status?.Versions.Select(v => v.Version) ?? [])})");
            if (row.Source is not { } file || !File.Exists(file))
            {
                throw new CliError($"the spec file of image '{key.Name}' ({row.Source ?? "unknown"}) is not reachable from here");
            }

            if (SpecFileEditor.SetString(file, key, "version", previous) is { } problem)
            {
                throw new CliError($"{file} left unchanged: {problem}");
            }

            Console.WriteLine($"image/{key.Name} rolled back to {previous} (was {status!.ActiveVersion}; edited {file}: spec.version: {previous})");
            return ExitCodes.Ok;
        });
        return command;
    }

    private static Command Snapshot()
    {
        var (name, home, ns) = (new Argument<string>("name"), CommonOptions.Home(), CommonOptions.Namespace());
        var output = new Option<string?>("--output", "-o") { Description = "Write the record to this file instead of stdout" };
        var apptainer = new Option<string>("--apptainer") { Description = "The apptainer executable asked for its version", DefaultValueFactory = _ => "apptainer" };
        var command = new Command("snapshot", "Print a reproducibility record of the active version (sha256, source digest, apptainer version, host)")
        {
            name, home, ns, output, apptainer,
        };
        command.SetAction(async (result, cancellationToken) =>
        {
            var homeDir = CommonOptions.FullHome(result.GetValue(home)!);
            var key = await ResolveAsync(homeDir, result.GetValue(name)!, result.GetValue(ns), cancellationToken).ConfigureAwait(false);
            var record = await ImageSnapshot.TakeAsync(ImageLayout.For(homeDir, key.Name), result.GetValue(apptainer)!, cancellationToken).ConfigureAwait(false);
            var text = JsonSerializer.Serialize(record, ModelJson.Indented) + "\n";
            if (result.GetValue(output) is { } file)
            {
                await File.WriteAllTextAsync(file, text, cancellationToken).ConfigureAwait(false);
                Console.Error.WriteLine($"wrote {file}");
            }
            else
            {
                Console.Write(text);
            }

            return ExitCodes.Ok;
        });
        return command;
    }

    private static Command Logs()
    {
        var (name, home) = (new Argument<string>("name"), CommonOptions.Home());
        var follow = new Option<bool>("--follow", "-f") { Description = "Keep printing until the build ends" };
        var command = new Command("logs", "Print the newest build log (also: sacop logs image NAME)") { name, home, follow };
        command.SetAction(async (result, cancellationToken) =>
            await ImageLogs.PrintAsync(CommonOptions.FullHome(result.GetValue(home)!), result.GetValue(name)!, result.GetValue(follow), cancellationToken).ConfigureAwait(false));
        return command;
    }

    private static async Task<ResourceKey> ResolveAsync(string home, string name, string? ns, CancellationToken cancellationToken)
    {
        using var source = ServerAccess.Open(home, null, null);
        return await ResourceLookup.ResolveAsync(source, ResourceKinds.Image, name, ns, cancellationToken).ConfigureAwait(false);
    }
}
