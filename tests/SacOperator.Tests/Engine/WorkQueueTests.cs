using FluentAssertions;
using NUnit.Framework;
using SacOperator.Engine;
using SacOperator.Tests.TestSupport;

namespace SacOperator.Tests.Engine;

[TestFixture]
public sealed class WorkQueueTests
{
    private static readonly TimeSpan OneSecond = TimeSpan.FromSeconds(1);

    [Test]
    public async Task Add_SameItemRepeatedly_IsQueuedOnce()
    {
        var time = new ManualTimeProvider();
        using var queue = NewQueue(time);

        queue.Add("a");
        queue.Add("a");
        queue.Add("b");
        queue.Add("a");

        queue.Count.Should().Be(2);
        (await queue.GetAsync(CancellationToken.None)).Should().Be((true, "a"));
        (await queue.GetAsync(CancellationToken.None)).Should().Be((true, "b"));
        queue.Count.Should().Be(0);
        queue.GetAsync(CancellationToken.None).AsTask().IsCompleted.Should().BeFalse("nothing else was queued");
    }

    [Test]
    public async Task Add_WhileItemIsProcessing_IsHandedOutOnlyAfterDoneAndOnce()
    {
        var time = new ManualTimeProvider();
        using var queue = NewQueue(time);
        queue.Add("a");
        var (_, first) = await queue.GetAsync(CancellationToken.None);

        queue.Add("a");
        queue.Add("a");
        var second = queue.GetAsync(CancellationToken.None).AsTask();

        second.IsCompleted.Should().BeFalse("a is still being processed");
        queue.Count.Should().Be(0);

        queue.Done(first);

        (await second.WithTimeout()).Should().Be((true, "a"));
        queue.Done("a");
        queue.Count.Should().Be(0);
        queue.GetAsync(CancellationToken.None).AsTask().IsCompleted.Should().BeFalse("the adds during processing collapse into one re-queue");
    }

    [Test]
    public async Task Done_WithoutAddDuringProcessing_DoesNotRequeue()
    {
        var time = new ManualTimeProvider();
        using var queue = NewQueue(time);
        queue.Add("a");
        var (_, item) = await queue.GetAsync(CancellationToken.None);

        queue.Done(item);

        queue.Count.Should().Be(0);
        queue.GetAsync(CancellationToken.None).AsTask().IsCompleted.Should().BeFalse();
    }

    [Test]
    public async Task Add_OtherItemWhileOneIsProcessing_IsHandedOutAtOnce()
    {
        var time = new ManualTimeProvider();
        using var queue = NewQueue(time);
        queue.Add("a");
        await queue.GetAsync(CancellationToken.None);

        queue.Add("b");

        (await queue.GetAsync(CancellationToken.None).AsTask().WithTimeout()).Should().Be((true, "b"));
    }

    [Test]
    public async Task AddAfter_DueTimeReached_AddsItemExactlyThen()
    {
        var time = new ManualTimeProvider();
        using var queue = NewQueue(time);

        queue.AddAfter("a", TimeSpan.FromSeconds(10));

        queue.Count.Should().Be(0);
        queue.DelayedCount.Should().Be(1);
        time.Advance(TimeSpan.FromSeconds(10) - TimeSpan.FromMilliseconds(1));
        queue.Count.Should().Be(0);
        time.Advance(TimeSpan.FromMilliseconds(1));
        queue.Count.Should().Be(1);
        queue.DelayedCount.Should().Be(0);
        (await queue.GetAsync(CancellationToken.None)).Should().Be((true, "a"));
    }

    [Test]
    public async Task AddAfter_SeveralDueTimes_KeepsOnlyTheEarliest()
    {
        var time = new ManualTimeProvider();
        using var queue = NewQueue(time);

        queue.AddAfter("a", TimeSpan.FromSeconds(10));
        queue.AddAfter("a", TimeSpan.FromSeconds(5));
        queue.AddAfter("a", TimeSpan.FromSeconds(20));

        queue.DelayedCount.Should().Be(1);
        time.Advance(TimeSpan.FromSeconds(5) - TimeSpan.FromMilliseconds(1));
        queue.Count.Should().Be(0);
        time.Advance(TimeSpan.FromMilliseconds(1));
        queue.Count.Should().Be(1);
        var (_, item) = await queue.GetAsync(CancellationToken.None);
        queue.Done(item);
        time.Advance(TimeSpan.FromSeconds(30));
        queue.Count.Should().Be(0, "the later due times were superseded by the earliest one");
        queue.DelayedCount.Should().Be(0);
    }

    [Test]
    public void AddAfter_DifferentItems_BecomeReadyInDueOrder()
    {
        var time = new ManualTimeProvider();
        using var queue = NewQueue(time);

        queue.AddAfter("late", TimeSpan.FromSeconds(3));
        queue.AddAfter("early", TimeSpan.FromSeconds(1));
        queue.AddAfter("middle", TimeSpan.FromSeconds(2));

        time.Advance(OneSecond);
        queue.Count.Should().Be(1);
        time.Advance(OneSecond);
        queue.Count.Should().Be(2);
        time.Advance(OneSecond);
        queue.Count.Should().Be(3);
        queue.DelayedCount.Should().Be(0);
    }

    [Test]
    public void AddAfter_ManyItems_UsesOneTimer()
    {
        var time = new CountingTimeProvider(new ManualTimeProvider());
        using var queue = NewQueue(time);

        for (var i = 0; i < 100; i++)
        {
            queue.AddAfter($"item-{i}", TimeSpan.FromSeconds(100 - i));
        }

        queue.DelayedCount.Should().Be(100);
        time.TimersCreated.Should().Be(1);
        time.Inner.Advance(TimeSpan.FromSeconds(100));
        queue.Count.Should().Be(100);
        time.TimersCreated.Should().Be(1);
    }

    [TestCase(0)]
    [TestCase(-5)]
    public async Task AddAfter_ZeroOrNegativeDelay_AddsAtOnce(int milliseconds)
    {
        var time = new ManualTimeProvider();
        using var queue = NewQueue(time);

        queue.AddAfter("a", TimeSpan.FromMilliseconds(milliseconds));

        queue.Count.Should().Be(1);
        queue.DelayedCount.Should().Be(0);
        (await queue.GetAsync(CancellationToken.None)).Should().Be((true, "a"));
    }

    [Test]
    public void AddAfter_ItemAlreadyQueued_DoesNotQueueItTwiceWhenDue()
    {
        var time = new ManualTimeProvider();
        using var queue = NewQueue(time);
        queue.Add("a");

        queue.AddAfter("a", OneSecond);
        time.Advance(OneSecond);

        queue.Count.Should().Be(1);
    }

    [Test]
    public async Task AddRateLimited_RepeatedFailures_DelaysGrowExponentiallyAndForgetResets()
    {
        var time = new ManualTimeProvider();
        using var queue = NewQueue(time, new ExponentialFailureRateLimiter<string>(OneSecond, TimeSpan.FromSeconds(60)));

        var delays = new List<TimeSpan>();
        for (var i = 0; i < 4; i++)
        {
            delays.Add(await FailOnceAndMeasureDelay(queue, time, "a"));
        }

        queue.NumRequeues("a").Should().Be(4);
        queue.Forget("a");
        queue.NumRequeues("a").Should().Be(0);
        var afterForget = await FailOnceAndMeasureDelay(queue, time, "a");

        delays.Should().Equal(TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(4), TimeSpan.FromSeconds(8));
        afterForget.Should().Be(TimeSpan.FromSeconds(1));
    }

    [Test]
    public void AddRateLimited_DifferentItems_HaveIndependentBackoff()
    {
        var time = new ManualTimeProvider();
        using var queue = NewQueue(time, new ExponentialFailureRateLimiter<string>(OneSecond, TimeSpan.FromSeconds(60)));
        queue.AddRateLimited("a");
        queue.AddRateLimited("a");

        queue.AddRateLimited("b");
        time.Advance(OneSecond);

        queue.Count.Should().Be(2, "a's first retry and b's first retry are both due after 1s");
        queue.NumRequeues("a").Should().Be(2);
        queue.NumRequeues("b").Should().Be(1);
    }

    [Test]
    public async Task ShutDown_WithQueuedItems_DrainsThemThenReturnsNotOk()
    {
        var time = new ManualTimeProvider();
        using var queue = NewQueue(time);
        queue.Add("a");
        queue.Add("b");

        queue.ShutDown();
        queue.Add("c");
        queue.AddAfter("d", TimeSpan.Zero);
        queue.AddAfter("e", OneSecond);
        time.Advance(OneSecond);

        queue.IsShuttingDown.Should().BeTrue();
        (await queue.GetAsync(CancellationToken.None).AsTask().WithTimeout()).Should().Be((true, "a"));
        (await queue.GetAsync(CancellationToken.None).AsTask().WithTimeout()).Should().Be((true, "b"));
        (await queue.GetAsync(CancellationToken.None).AsTask().WithTimeout()).Ok.Should().BeFalse();
        (await queue.GetAsync(CancellationToken.None).AsTask().WithTimeout()).Ok.Should().BeFalse("every later call also ends");
    }

    [Test]
    public async Task ShutDown_WithWaitingWorkers_ReleasesEveryWorker()
    {
        var time = new ManualTimeProvider();
        using var queue = NewQueue(time);
        var waiting = Enumerable.Range(0, 4).Select(_ => queue.GetAsync(CancellationToken.None).AsTask()).ToList();
        waiting.Should().OnlyContain(t => !t.IsCompleted);

        queue.ShutDown();

        var results = await Task.WhenAll(waiting).WithTimeout();
        results.Should().OnlyContain(r => !r.Ok);
    }

    [Test]
    public async Task GetAsync_Cancelled_ThrowsOperationCanceled()
    {
        var time = new ManualTimeProvider();
        using var queue = NewQueue(time);
        using var cts = new CancellationTokenSource();
        var waiting = queue.GetAsync(cts.Token).AsTask();

        await cts.CancelAsync();

        await FluentActions.Awaiting(() => waiting.WithTimeout()).Should().ThrowAsync<OperationCanceledException>();
    }

    [Test]
    public async Task Observer_ItemWaitsInQueue_ReceivesAddedAndStartedWithWaitOnTimeProvider()
    {
        var time = new ManualTimeProvider();
        var observer = new RecordingObserver();
        using var queue = new WorkQueue<string>("agents", time, new ExponentialFailureRateLimiter<string>(OneSecond, OneSecond), observer);

        queue.Add("a");
        queue.Add("a");
        time.Advance(TimeSpan.FromMilliseconds(2500));
        await queue.GetAsync(CancellationToken.None);

        observer.Events.Should().Equal("Added agents", "Started agents 00:00:02.5000000");
    }

    [Test]
    public async Task Observer_RateLimitedRetry_ReceivesRetried()
    {
        var time = new ManualTimeProvider();
        var observer = new RecordingObserver();
        using var queue = new WorkQueue<string>("agents", time, new ExponentialFailureRateLimiter<string>(OneSecond, OneSecond), observer);
        queue.Add("a");
        var (_, item) = await queue.GetAsync(CancellationToken.None);

        queue.AddRateLimited(item);
        queue.Done(item);
        time.Advance(OneSecond);
        await queue.GetAsync(CancellationToken.None);

        observer.Events.Should().Equal("Added agents", "Started agents 00:00:00", "Retried agents", "Added agents", "Started agents 00:00:00");
    }

    [Test]
    public async Task GetAsync_ManyWorkersManyAddsOfFewKeys_NeverProcessesOneKeyTwiceAtOnceAndLosesNoAdd()
    {
        const int Workers = 8;
        const int Producers = 4;
        const int AddsPerProducerAndKey = 250;
        var keys = new[] { "k0", "k1", "k2" };
        using var queue = new WorkQueue<string>("q", TimeProvider.System, new ExponentialFailureRateLimiter<string>(OneSecond, OneSecond));
        var active = new int[keys.Length];
        var addsMade = new int[keys.Length];
        var overlaps = 0;
        var processed = 0;
        var caughtUp = keys.Select(_ => new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).ToArray();
        const int ExpectedAdds = Producers * AddsPerProducerAndKey;

        var workers = Enumerable.Range(0, Workers).Select(_ => Task.Run(async () =>
        {
            while (true)
            {
                var (ok, key) = await queue.GetAsync(CancellationToken.None);
                if (!ok)
                {
                    return;
                }

                var index = Array.IndexOf(keys, key);
                if (Interlocked.Increment(ref active[index]) != 1)
                {
                    Interlocked.Increment(ref overlaps);
                }

                // Everything added before this point must be seen by this run (level-triggered).
                var seen = Volatile.Read(ref addsMade[index]);
                await Task.Yield();
                Interlocked.Increment(ref processed);
                Interlocked.Decrement(ref active[index]);
                queue.Done(key);
                if (seen == ExpectedAdds)
                {
                    caughtUp[index].TrySetResult();
                }
            }
        })).ToArray();
        var producers = Enumerable.Range(0, Producers).Select(_ => Task.Run(async () =>
        {
            for (var i = 0; i < AddsPerProducerAndKey; i++)
            {
                for (var k = 0; k < keys.Length; k++)
                {
                    Interlocked.Increment(ref addsMade[k]);
                    queue.Add(keys[k]);
                }

                if (i % 16 == 0)
                {
                    await Task.Yield();
                }
            }
        })).ToArray();

        await Task.WhenAll(producers).WithTimeout();
        await Task.WhenAll(caughtUp.Select(t => t.Task)).WithTimeout();
        queue.ShutDown();
        await Task.WhenAll(workers).WithTimeout();

        overlaps.Should().Be(0);
        processed.Should().BeGreaterThanOrEqualTo(keys.Length).And.BeLessThanOrEqualTo(Producers * AddsPerProducerAndKey * keys.Length);
    }

    private static WorkQueue<string> NewQueue(TimeProvider time, IRateLimiter<string>? limiter = null) =>
        new("test", time, limiter ?? new ExponentialFailureRateLimiter<string>(OneSecond, TimeSpan.FromSeconds(60)));

    /// <summary>Fails <paramref name="item"/> once and returns how long the queue held it back.</summary>
    private static async Task<TimeSpan> FailOnceAndMeasureDelay(WorkQueue<string> queue, ManualTimeProvider time, string item)
    {
        var step = TimeSpan.FromMilliseconds(250);
        var waited = TimeSpan.Zero;
        queue.AddRateLimited(item);
        while (queue.Count == 0)
        {
            queue.DelayedCount.Should().Be(1, "the retry waits for its due time");
            time.Advance(step);
            waited += step;
        }

        var (_, taken) = await queue.GetAsync(CancellationToken.None);
        queue.Done(taken);
        return waited;
    }

    private sealed class RecordingObserver : IWorkQueueObserver
    {
        private readonly Lock _lock = new();
        private readonly List<string> _events = [];

        public IReadOnlyList<string> Events
        {
            get
            {
                lock (_lock)
                {
                    return [.. _events];
                }
            }
        }

        public void Added(string queue) => Record($"Added {queue}");

        public void Started(string queue, TimeSpan waited) => Record($"Started {queue} {waited}");

        public void Retried(string queue) => Record($"Retried {queue}");

        private void Record(string text)
        {
            lock (_lock)
            {
                _events.Add(text);
            }
        }
    }
}
