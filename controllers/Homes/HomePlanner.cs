using System.Text.Json.Nodes;
using SacOperator.Model;

namespace SacOperator.Homes;

/// <summary>
/// Decides what sac's home layers put into an agent's <c>$HOME</c> (a pure function of the
/// layers' content and the home's current marker-protected files, golden-tested). Every file
/// lands at the same relative path, the higher layer winning, except:
/// <list type="bullet">
/// <item><c>CLAUDE.md</c>, <c>state.md</c>: the layers' content composed into a marker-protected section (<see cref="MarkerSection"/>).</item>
/// <item><c>.mcp.json</c>: servers merged across layers (<see cref="HomeJson.MergeMcp"/>), regenerated every start.</item>
/// <item><c>.claude/settings.json</c> (or the older <c>settings.local.json</c>): cascaded across every layer, the user-wide one included (<see cref="HomeJson.MergeSettings"/>).</item>
/// <item><c>.env</c>, <c>.envrc</c>: mode 0600; the home's <c>.env</c> also becomes the agent's environment.</item>
/// <item><c>.credentials.json</c>: refused; credentials never travel through a home layer.</item>
/// </list>
/// The user-wide layer contributes only its settings, as in sac. Files are never deleted.
/// </summary>
public static class HomePlanner
{
    private const UnixFileMode Private = UnixFileMode.UserRead | UnixFileMode.UserWrite;
    private const UnixFileMode Plain = Private | UnixFileMode.GroupRead | UnixFileMode.OtherRead;
    private const UnixFileMode Executable = Plain | UnixFileMode.UserExecute | UnixFileMode.GroupExecute | UnixFileMode.OtherExecute;

    private static readonly string[] SettingsFiles = [".claude/settings.json", ".claude/settings.local.json"];

    /// <summary>Files whose content the planner needs (the rest are copied unread).</summary>
    public static bool NeedsText(string relativePath) =>
        Name(relativePath) is "CLAUDE.md" or "state.md" or ".mcp.json" or ".env" || SettingsFiles.Contains(relativePath, StringComparer.Ordinal);

    /// <param name="layers">Lowest precedence first.</param>
    /// <param name="existing">The current text of a file in the home (for marker-protected merges), or null.</param>
    public static HomePlan Plan(IReadOnlyList<HomeLayerContent> layers, Func<string, string?> existing)
    {
        var directories = new List<string>();
        var copies = new Dictionary<string, HomeWrite>(StringComparer.Ordinal);
        var sections = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        var mcp = new Dictionary<string, JsonObject>(StringComparer.Ordinal);
        var settings = new List<(string Layer, JsonObject Settings)>();
        foreach (var layer in layers)
        {
            if (layer.Files.FirstOrDefault(f => Name(f.RelativePath) == ".credentials.json") is { } leak)
            {
                throw new HomeMaterializationException(
                    $"the {layer.Name} home layer holds {leak.RelativePath}; credentials never come from to_home (use the account's credentials directory). Remove {leak.SourcePath}");
            }

            if (Settings(layer) is { } layerSettings)
            {
                settings.Add((layer.Name, HomeJson.Parse(layerSettings.Text ?? "", $"{layer.Name} layer {layerSettings.RelativePath}")));
            }

            if (layer.Name == HomeLayerNames.UserShared)
            {
                continue;
            }

            directories.AddRange(layer.Directories);
            foreach (var file in layer.Files.Where(f => !SettingsFiles.Contains(f.RelativePath, StringComparer.Ordinal)))
            {
                switch (Name(file.RelativePath))
                {
                    case "CLAUDE.md" or "state.md":
                        (sections.TryGetValue(file.RelativePath, out var bodies) ? bodies : sections[file.RelativePath] = []).Add(file.Text ?? "");
                        break;
                    case ".mcp.json":
                        var servers = HomeJson.Parse(file.Text ?? "", $"{layer.Name} layer {file.RelativePath}");
                        mcp[file.RelativePath] = mcp.TryGetValue(file.RelativePath, out var lower) ? HomeJson.MergeMcp(lower, servers) : servers;
                        break;
                    case ".env":
                        var text = file.Text ?? "";
                        copies[file.RelativePath] = new HomeWrite(file.RelativePath, text.EndsWith('\n') || text.Length == 0 ? text : text + "\n", null, Private);
                        break;
                    case ".envrc":
                        copies[file.RelativePath] = new HomeWrite(file.RelativePath, null, file.SourcePath, Private);
                        break;
                    default:
                        copies[file.RelativePath] = new HomeWrite(file.RelativePath, null, file.SourcePath, file.Executable ? Executable : Plain);
                        break;
                }
            }
        }

        var writes = copies.Values.ToList();
        writes.AddRange(sections
            .Where(s => s.Value.Any(b => b.Trim().Length > 0))
            .Select(s => new HomeWrite(s.Key, MarkerSection.Merge(existing(s.Key), s.Value, s.Key), null, Plain)));
        writes.AddRange(mcp.Select(m => new HomeWrite(m.Key, HomeJson.Write(m.Value), null, Plain)));
        if (settings.Count > 0)
        {
            writes.Add(new HomeWrite(SettingsFiles[0], HomeJson.Write(HomeJson.MergeSettings(settings)), null, Plain));
        }

        var environment = copies.GetValueOrDefault(".env")?.Text is { } env ? EnvFile.Parse(env) : new Dictionary<string, string>();
        return new HomePlan(directories.Distinct(StringComparer.Ordinal).ToList(), writes.OrderBy(w => w.RelativePath, StringComparer.Ordinal).ToList(), environment);
    }

    private static HomeSourceFile? Settings(HomeLayerContent layer) =>
        SettingsFiles.Select(name => layer.Files.FirstOrDefault(f => f.RelativePath == name)).FirstOrDefault(f => f is not null);

    private static string Name(string relativePath) => relativePath[(relativePath.LastIndexOf('/') + 1)..];
}
