using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;
using SacOperator.Model;
using SacOperator.Processes;
using SacOperator.Runtime;
using SacOperator.State;
using SacOperator.Status;

namespace SacOperator.Images;

/// <summary>
/// The builds this operator runs, one per image at most (in memory, and on disk through
/// <see cref="BuildLock"/> so a second operator on the same home cannot start the same build).
/// A build runs off the reconcile path; its key is raised (the callback given to <see cref="TryStart"/>) when its
/// stage changes and when it ends. Events mark the start and the end.
/// </summary>
public sealed partial class ImageBuilds(
    ProcessExitWatcher watcher, IEventRecorder events, ImageMetrics metrics, TimeProvider time, ILogger<ImageBuilds> logger) : IDisposable
{
    private readonly ConcurrentDictionary<ResourceKey, BuildJob> _jobs = new();
    private readonly ConcurrentDictionary<ResourceKey, Task> _tasks = new();

    public RunningBuild? Running(ResourceKey key) =>
        _jobs.TryGetValue(key, out var job) ? new RunningBuild(job.Version, job.Stage, job.StartedAt) : null;

    /// <summary>Removes leftovers of builds cut short, unless a build of this image is running (here or in another process).</summary>
    public IReadOnlyList<string> CleanLeftovers(ResourceKey key, ImageLayout layout)
    {
        if (_jobs.ContainsKey(key) || ImageDisk.StagingDirectories(layout).Count == 0)
        {
            return [];
        }

        using var held = BuildLock.TryTake(layout);
        return held is null ? [] : BuildLeftovers.Clean(layout);
    }

    /// <summary>Starts the build unless one of this image is running; false when it is (or the lock is held elsewhere).</summary>
    public bool TryStart(ResourceKey key, BuildRequest request, Action<ResourceKey> changed)
    {
        if (_jobs.ContainsKey(key))
        {
            return false;
        }

        var held = BuildLock.TryTake(request.Layout);
        if (held is null)
        {
            LockHeld(logger, key.Name, request.Layout.LockPath);
            return false;
        }

        BuildLeftovers.Clean(request.Layout);
        var job = new BuildJob(request, watcher, time, () => changed(key));
        if (!_jobs.TryAdd(key, job))
        {
            held.Dispose();
            return false;
        }

        events.Record(key, EventTypes.Normal, ImageReasons.BuildStarted, $"building {request.Version}: {request.Cause}; log {request.Layout.LogOf(request.Version)}");
        BuildStarted(logger, key.Name, request.Version, request.Cause);
        _tasks[key] = Task.Run(async () =>
        {
            try
            {
                var attempt = await job.RunAsync().ConfigureAwait(false);
                Finished(key, request, attempt);
            }
            catch (Exception e)
            {
                BuildCrashed(logger, e, key.Name, request.Version);
            }
            finally
            {
                _jobs.TryRemove(key, out _);
                _tasks.TryRemove(key, out _);
                held.Dispose();
                changed(key);
            }
        });
        return true;
    }

    /// <summary>Kills running builds (operator shutdown); their staging directories are removed as failures.</summary>
    public void Dispose()
    {
        foreach (var job in _jobs.Values)
        {
            job.Abort();
        }

        Task.WaitAll([.. _tasks.Values], TimeSpan.FromSeconds(10));
    }

    private void Finished(ResourceKey key, BuildRequest request, BuildAttempt attempt)
    {
        var seconds = (attempt.FinishedAt - attempt.StartedAt).TotalSeconds;
        if (!attempt.Interrupted)
        {
            metrics.RecordBuild(key.Name, attempt.Succeeded, seconds);
        }

        if (attempt.Interrupted)
        {
            events.Record(key, EventTypes.Normal, "BuildInterrupted", $"build {request.Version} stopped with the operator; it is built again at the next start");
        }
        else if (attempt.Succeeded)
        {
            events.Record(key, EventTypes.Normal, ImageReasons.Built, $"built {request.Version} in {seconds:0.0}s");
            BuildSucceeded(logger, key.Name, request.Version, seconds);
        }
        else
        {
            events.Record(key, EventTypes.Warning, ImageReasons.BuildFailed, $"build {request.Version} failed: {attempt.Message}");
            BuildFailed(logger, key.Name, request.Version, attempt.Message);
        }
    }

    [LoggerMessage(LogLevel.Information, "Image {Image}: building {Version} ({Cause})")]
    private static partial void BuildStarted(ILogger logger, string image, string version, string cause);

    [LoggerMessage(LogLevel.Information, "Image {Image}: built {Version} in {Seconds:0.0}s")]
    private static partial void BuildSucceeded(ILogger logger, string image, string version, double seconds);

    [LoggerMessage(LogLevel.Warning, "Image {Image}: build {Version} failed: {Message}")]
    private static partial void BuildFailed(ILogger logger, string image, string version, string message);

    [LoggerMessage(LogLevel.Error, "Image {Image}: build {Version} ended with an unexpected error")]
    private static partial void BuildCrashed(ILogger logger, Exception exception, string image, string version);

    [LoggerMessage(LogLevel.Warning, "Image {Image}: not building, another process holds {LockPath}")]
    private static partial void LockHeld(ILogger logger, string image, string lockPath);
}
