using SacOperator.Model;
using SacOperator.Processes;
using SacOperator.Runtime;

namespace SacOperator.Images;

/// <summary>
/// One running build: its commands run in turn as processes of their own session with output
/// appended to the version's log, under a deadline; the log is read for stage lines while they
/// run. Success means every command exited 0 and left a non-empty artifact, which is then
/// hashed, described in <c>version.json</c>, and published by renaming the staging directory
/// into the version directory. Any failure removes the staging directory and keeps the log.
/// </summary>
internal sealed class BuildJob(BuildRequest request, ProcessExitWatcher watcher, TimeProvider time, Action stageChanged)
{
    private static readonly TimeSpan StagePoll = TimeSpan.FromMilliseconds(250);
    private readonly CancellationTokenSource _abort = new();
    private volatile string _stage = "starting";
    private ProcessHandle? _process;
    private long _logOffset;

    public DateTimeOffset StartedAt { get; } = time.GetUtcNow();

    public string Version => request.Version;

    public string Stage => _stage;

    /// <summary>Kills the running command (operator shutdown); the build then fails.</summary>
    public void Abort()
    {
        _abort.Cancel();
        if (_process is { } p && p.IsAlive)
        {
            LibC.kill(-p.Pid, LibC.SIGKILL);
        }
    }

    /// <summary>Runs the build to its end; never throws for a failed build.</summary>
    public async Task<BuildAttempt> RunAsync()
    {
        var layout = request.Layout;
        var staging = layout.StagingDirectory(request.Version);
        var log = layout.LogOf(request.Version);
        string? failure;
        try
        {
            Directory.CreateDirectory(staging);
            Directory.CreateDirectory(layout.Logs);
            File.AppendAllText(log, $"sacop: building {layout.Name} {request.Version} ({request.Cause}) in {request.WorkingDirectory}\n");
            failure = await RunCommandsAsync(staging, log).ConfigureAwait(false) ?? Publish(staging);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or SpawnException)
        {
            failure = e.Message;
        }

        var finished = time.GetUtcNow();
        if (failure is not null)
        {
            File.AppendAllText(log, $"sacop: build {request.Version} failed: {failure}\n");
            TryDelete(staging);
        }
        else
        {
            File.AppendAllText(log, $"sacop: built {request.Version} in {(finished - StartedAt).TotalSeconds:0.0}s\n");
        }

        var attempt = new BuildAttempt
        {
            Interrupted = _abort.IsCancellationRequested,
            Version = request.Version,
            SourceDigest = request.SourceDigest,
            StartedAt = StartedAt,
            FinishedAt = finished,
            Succeeded = failure is null,
            Message = failure is null ? "" : $"{failure}; last lines of {log}:\n{ImageDisk.Tail(log, 8)}",
        };
        // An interrupted build has no outcome: like one cut short by a crash, it is built again, not remembered as failed.
        if (!attempt.Interrupted)
        {
            ImageDisk.WriteJson(layout.ResultOf(request.Version), attempt);
        }

        return attempt;
    }

    private async Task<string?> RunCommandsAsync(string staging, string log)
    {
        var deadline = StartedAt + request.Timeout;
        foreach (var argv in request.Commands)
        {
            _abort.Token.ThrowIfCancellationRequested();
            var handle = ProcessSpawner.Spawn(new SpawnRequest
            {
                Arguments = argv,
                Environment = request.Environment,
                WorkingDirectory = request.WorkingDirectory,
                StdoutPath = log,
                StderrPath = log,
            });
            _process = handle;
            File.WriteAllText(Path.Combine(staging, "build.pid"), $"{handle.Pid} {handle.StartTicks}\n");
            var exit = await WaitAsync(handle, deadline, log).ConfigureAwait(false);
            if (exit is null)
            {
                return _abort.IsCancellationRequested
                    ? "the operator stopped during the build"
                    : $"timed out after {request.Timeout} (buildTimeout); the build was killed";
            }

            if (exit.Code != 0)
            {
                return $"{string.Join(' ', argv.Take(2))} failed: {exit.Describe()}";
            }
        }

        return null;
    }

    /// <summary>The exit, or null after killing the process group at the deadline or on abort.</summary>
    private async Task<ProcessExit?> WaitAsync(ProcessHandle handle, DateTimeOffset deadline, string log)
    {
        var exited = new TaskCompletionSource<ProcessExit>(TaskCreationOptions.RunContinuationsAsynchronously);
        var watched = watcher.Watch(handle, isChild: true, e => exited.TrySetResult(e));
        while (!exited.Task.IsCompleted)
        {
            if (!watched && watcher.TryReap(handle) is { } reaped)
            {
                return reaped;
            }

            if (time.GetUtcNow() >= deadline || _abort.IsCancellationRequested)
            {
                LibC.kill(-handle.Pid, LibC.SIGKILL);
                if (watched)
                {
                    await exited.Task.ConfigureAwait(false);
                }

                return null;
            }

            ReadStage(log);
            await Task.WhenAny(exited.Task, Task.Delay(StagePoll, time)).ConfigureAwait(false);
        }

        ReadStage(log);
        return await exited.Task.ConfigureAwait(false);
    }

    /// <summary>Reads what the log gained since the last call (a build log can reach megabytes) for the newest stage line.</summary>
    private void ReadStage(string log)
    {
        using var stream = new FileStream(log, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
        if (stream.Length <= _logOffset)
        {
            return;
        }

        stream.Position = _logOffset;
        using var reader = new StreamReader(stream);
        var text = reader.ReadToEnd();
        var complete = text.LastIndexOf('\n');
        if (complete < 0)
        {
            return;
        }

        _logOffset += System.Text.Encoding.UTF8.GetByteCount(text.AsSpan(0, complete + 1));
        var last = text[..complete].Split('\n')
            .LastOrDefault(l => l.StartsWith("INFO:", StringComparison.Ordinal) || l.StartsWith("FATAL:", StringComparison.Ordinal));
        if (last is not null && last.Trim() != _stage)
        {
            _stage = last.Trim();
            stageChanged();
        }
    }

    /// <summary>Verifies the artifact, records it, and renames the staging directory into place.</summary>
    private string? Publish(string staging)
    {
        var layout = request.Layout;
        var final = layout.VersionDirectory(request.Version);
        var sif = layout.SifIn(staging);
        var sandbox = Path.Combine(staging, ImageLayout.SandboxDirectory);
        string? sha = null;
        long size;
        string artifact;
        if (File.Exists(sif))
        {
            size = new FileInfo(sif).Length;
            if (size == 0)
            {
                return $"apptainer build reported success but {sif} is empty";
            }

            sha = ImageDisk.Sha256Of(sif);
            artifact = layout.SifIn(final);
        }
        else if (Directory.Exists(sandbox))
        {
            size = ImageDisk.SizeOf(sandbox);
            artifact = Path.Combine(final, ImageLayout.SandboxDirectory);
        }
        else
        {
            return "apptainer build reported success but wrote no artifact";
        }

        File.Delete(Path.Combine(staging, "build.pid"));
        var version = new BuiltVersion(new ImageArtifact
        {
            Version = request.Version,
            Path = artifact,
            Sha256 = sha,
            Size = size,
            BuiltAt = time.GetUtcNow(),
            SourceDigest = request.SourceDigest,
        }, request.Base);
        ImageDisk.WriteJson(Path.Combine(staging, ImageLayout.MetadataFile), version);
        Directory.Move(staging, final);
        return null;
    }

    private static void TryDelete(string staging)
    {
        try
        {
            if (Directory.Exists(staging))
            {
                Directory.Delete(staging, recursive: true);
            }
        }
        catch (IOException)
        {
            // Left for the next build's leftover cleanup.
        }
    }
}
