namespace SacOperator.Homes;

/// <summary>
/// Carries out <see cref="HomePlanner"/>'s plan: reads the layers from disk, writes each file
/// through a temporary file and a rename (an agent never sees half a file), and returns the
/// plan so the caller can pass the home's <c>.env</c> to the agent.
/// </summary>
public static class HomeMaterializer
{
    /// <param name="layers">Name and absolute directory of each layer, lowest precedence first; missing directories contribute nothing.</param>
    /// <param name="home">The agent's home directory on the host.</param>
    public static HomePlan Materialize(IReadOnlyList<(string Name, string Directory)> layers, string home)
    {
        var plan = Plan(layers, home);
        if (plan != HomePlan.Empty)
        {
            try
            {
                Apply(plan, home);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                throw new HomeMaterializationException($"cannot materialise the agent's home {home}: {e.Message}");
            }
        }

        return plan;
    }

    /// <summary>What <see cref="Materialize"/> would write, without writing (for preflight checks).</summary>
    public static HomePlan Plan(IReadOnlyList<(string Name, string Directory)> layers, string home)
    {
        try
        {
            var content = layers.Select(l => Read(l.Name, l.Directory)).ToList();
            return content.All(c => c.Files.Count == 0 && c.Directories.Count == 0)
                ? HomePlan.Empty
                : HomePlanner.Plan(content, relative => File.Exists(Path.Combine(home, relative)) ? File.ReadAllText(Path.Combine(home, relative)) : null);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new HomeMaterializationException($"cannot read the home layers for {home}: {e.Message}");
        }
    }

    private static HomeLayerContent Read(string name, string directory)
    {
        if (!Directory.Exists(directory))
        {
            return new HomeLayerContent(name, [], []);
        }

        var directories = new List<string>();
        var files = new List<HomeSourceFile>();
        foreach (var entry in HomeTree.Walk(directory))
        {
            if (entry.Broken)
            {
                throw new HomeMaterializationException(
                    $"the {name} home layer's {entry.RelativePath} ({Path.Combine(directory, entry.RelativePath)}) is a symlink to nothing; fix or remove it");
            }

            if (entry.IsDirectory)
            {
                directories.Add(entry.RelativePath);
                continue;
            }

            files.Add(new HomeSourceFile(entry.RelativePath, entry.SourcePath, entry.Executable,
                HomePlanner.NeedsText(entry.RelativePath) ? File.ReadAllText(entry.SourcePath) : null));
        }

        return new HomeLayerContent(name, directories, files);
    }

    private static void Apply(HomePlan plan, string home)
    {
        Directory.CreateDirectory(home);
        foreach (var directory in plan.Directories)
        {
            Directory.CreateDirectory(Path.Combine(home, directory));
        }

        foreach (var write in plan.Writes)
        {
            var target = Path.Combine(home, write.RelativePath);
            if (Directory.Exists(target) && !File.Exists(target))
            {
                throw new HomeMaterializationException($"{write.RelativePath} is a directory in the agent's home {home} but a file in its home layers");
            }

            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            var temporary = Path.Combine(Path.GetDirectoryName(target)!, $".{Path.GetFileName(target)}.sacop-{Environment.ProcessId}");
            File.Delete(temporary);
            // Created with its final mode: a .env is never readable by others, not even briefly.
            using (var output = new FileStream(temporary, new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write, UnixCreateMode = write.Mode }))
            {
                if (write.Text is { } text)
                {
                    output.Write(System.Text.Encoding.UTF8.GetBytes(text));
                }
                else
                {
                    using var input = File.OpenRead(write.CopyFrom!);
                    input.CopyTo(output);
                }
            }

            File.SetUnixFileMode(temporary, write.Mode);
            File.Move(temporary, target, overwrite: true);
        }
    }
}
