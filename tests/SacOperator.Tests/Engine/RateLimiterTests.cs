using FluentAssertions;
using NUnit.Framework;
using SacOperator.Engine;
using SacOperator.Tests.TestSupport;

namespace SacOperator.Tests.Engine;

[TestFixture]
public sealed class RateLimiterTests
{
    private static readonly TimeSpan Tolerance = TimeSpan.FromTicks(10);

    [Test]
    public void ExponentialFailure_RepeatedFailures_DoublesUntilCappedAtMax()
    {
        var limiter = new ExponentialFailureRateLimiter<string>(TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(10));

        var delays = Enumerable.Range(0, 7).Select(_ => limiter.When("a")).ToList();

        delays.Select(d => d.TotalSeconds).Should().Equal(1, 2, 4, 8, 10, 10, 10);
        limiter.NumRequeues("a").Should().Be(7);
    }

    [Test]
    public void ExponentialFailure_ThousandsOfFailures_StaysAtMaxWithoutOverflow()
    {
        var limiter = new ExponentialFailureRateLimiter<string>(TimeSpan.FromMilliseconds(5), TimeSpan.FromSeconds(1000));

        TimeSpan last = default;
        for (var i = 0; i < 5000; i++)
        {
            last = limiter.When("a");
        }

        last.Should().Be(TimeSpan.FromSeconds(1000));
    }

    [Test]
    public void ExponentialFailure_Forget_StartsAgainFromBaseDelay()
    {
        var limiter = new ExponentialFailureRateLimiter<string>(TimeSpan.FromMilliseconds(5), TimeSpan.FromSeconds(1000));
        limiter.When("a");
        limiter.When("a");
        limiter.When("a");

        limiter.Forget("a");

        limiter.NumRequeues("a").Should().Be(0);
        limiter.When("a").Should().Be(TimeSpan.FromMilliseconds(5));
    }

    [Test]
    public void ExponentialFailure_DifferentItems_AreTrackedSeparately()
    {
        var limiter = new ExponentialFailureRateLimiter<string>(TimeSpan.FromMilliseconds(5), TimeSpan.FromSeconds(1000));
        limiter.When("a");
        limiter.When("a");

        var first = limiter.When("b");
        limiter.Forget("b");

        first.Should().Be(TimeSpan.FromMilliseconds(5));
        limiter.NumRequeues("a").Should().Be(2);
        limiter.When("a").Should().Be(TimeSpan.FromMilliseconds(20));
    }

    [Test]
    public void TokenBucket_WithinBurst_AllowsAtOnce()
    {
        var time = new ManualTimeProvider();
        var limiter = new TokenBucketRateLimiter<string>(10, 5, time);

        var delays = Enumerable.Range(0, 5).Select(i => limiter.When($"item-{i}")).ToList();

        delays.Should().OnlyContain(d => d == TimeSpan.Zero);
    }

    [Test]
    public void TokenBucket_BeyondBurstAtOneInstant_ReservesSlotsAtTheRate()
    {
        var time = new ManualTimeProvider();
        var limiter = new TokenBucketRateLimiter<string>(10, 5, time);
        for (var i = 0; i < 5; i++)
        {
            limiter.When("burst");
        }

        var delays = Enumerable.Range(0, 3).Select(_ => limiter.When("more")).ToList();

        delays[0].Should().BeCloseTo(TimeSpan.FromMilliseconds(100), Tolerance);
        delays[1].Should().BeCloseTo(TimeSpan.FromMilliseconds(200), Tolerance);
        delays[2].Should().BeCloseTo(TimeSpan.FromMilliseconds(300), Tolerance);
    }

    [Test]
    public void TokenBucket_AfterBurst_PacesOneTokenPerInterval()
    {
        var time = new ManualTimeProvider();
        var limiter = new TokenBucketRateLimiter<string>(10, 5, time);
        for (var i = 0; i < 5; i++)
        {
            limiter.When("burst");
        }

        var paced = new List<TimeSpan>();
        for (var i = 0; i < 10; i++)
        {
            time.Advance(TimeSpan.FromMilliseconds(100));
            paced.Add(limiter.When("paced"));
        }

        var early = limiter.When("too-early");

        paced.Should().OnlyContain(d => d < Tolerance, "one token refills every 100 ms at 10/s");
        early.Should().BeCloseTo(TimeSpan.FromMilliseconds(100), Tolerance);
    }

    [Test]
    public void TokenBucket_LongIdle_RefillsOnlyUpToBurst()
    {
        var time = new ManualTimeProvider();
        var limiter = new TokenBucketRateLimiter<string>(10, 5, time);
        limiter.When("a");

        time.Advance(TimeSpan.FromHours(1));
        var delays = Enumerable.Range(0, 6).Select(_ => limiter.When("a")).ToList();

        delays.Take(5).Should().OnlyContain(d => d == TimeSpan.Zero);
        delays[5].Should().BeCloseTo(TimeSpan.FromMilliseconds(100), Tolerance);
    }

    [Test]
    public void TokenBucket_Forget_ChangesNothing()
    {
        var time = new ManualTimeProvider();
        var limiter = new TokenBucketRateLimiter<string>(1, 1, time);
        limiter.When("a");

        limiter.Forget("a");

        limiter.NumRequeues("a").Should().Be(0);
        limiter.When("a").Should().BeCloseTo(TimeSpan.FromSeconds(1), Tolerance, "the shared budget is not per item");
    }

    [Test]
    public void MaxOf_When_ReturnsLongestDelayAndAsksEveryLimiter()
    {
        var shortLimiter = new FixedLimiter(TimeSpan.FromSeconds(1));
        var longLimiter = new FixedLimiter(TimeSpan.FromSeconds(7));
        var zeroLimiter = new FixedLimiter(TimeSpan.Zero);
        var limiter = new MaxOfRateLimiter<string>(shortLimiter, longLimiter, zeroLimiter);

        var delay = limiter.When("a");

        delay.Should().Be(TimeSpan.FromSeconds(7));
        new[] { shortLimiter, longLimiter, zeroLimiter }.Should().OnlyContain(l => l.Whens == 1);
    }

    [Test]
    public void MaxOf_Forget_ForgetsInEveryLimiter()
    {
        var first = new ExponentialFailureRateLimiter<string>(TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(100));
        var second = new ExponentialFailureRateLimiter<string>(TimeSpan.FromSeconds(3), TimeSpan.FromSeconds(100));
        var limiter = new MaxOfRateLimiter<string>(first, second);
        limiter.When("a");
        limiter.When("a");

        limiter.Forget("a");

        first.NumRequeues("a").Should().Be(0);
        second.NumRequeues("a").Should().Be(0);
        limiter.NumRequeues("a").Should().Be(0);
        limiter.When("a").Should().Be(TimeSpan.FromSeconds(3));
    }

    [Test]
    public void MaxOf_NumRequeues_IsTheLargestOfTheLimiters()
    {
        var tracked = new ExponentialFailureRateLimiter<string>(TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(100));
        var limiter = new MaxOfRateLimiter<string>(new TokenBucketRateLimiter<string>(10, 100, new ManualTimeProvider()), tracked);

        limiter.When("a");
        limiter.When("a");

        limiter.NumRequeues("a").Should().Be(2);
    }

    [Test]
    public void Default_FirstFailure_WaitsFiveMilliseconds()
    {
        var limiter = RateLimiters.Default<string>(new ManualTimeProvider());

        var delays = Enumerable.Range(0, 3).Select(_ => limiter.When("a")).ToList();

        delays.Should().Equal(TimeSpan.FromMilliseconds(5), TimeSpan.FromMilliseconds(10), TimeSpan.FromMilliseconds(20));
    }

    [Test]
    public void Default_ExponentialBackoff_CapsAtThousandSeconds()
    {
        var time = new ManualTimeProvider();
        var limiter = RateLimiters.Default<string>(time);

        TimeSpan last = default;
        for (var i = 0; i < 40; i++)
        {
            time.Advance(TimeSpan.FromSeconds(1));
            last = limiter.When("a");
        }

        last.Should().Be(TimeSpan.FromSeconds(1000));
    }

    [Test]
    public void Default_MoreThanHundredFailuresAtOnce_IsPacedAtTenPerSecond()
    {
        var limiter = RateLimiters.Default<string>(new ManualTimeProvider());
        for (var i = 0; i < 100; i++)
        {
            limiter.When($"item-{i}").Should().Be(TimeSpan.FromMilliseconds(5));
        }

        var delay = limiter.When("one-too-many");

        delay.Should().BeCloseTo(TimeSpan.FromMilliseconds(100), Tolerance);
    }

    private sealed class FixedLimiter(TimeSpan delay) : IRateLimiter<string>
    {
        public int Whens { get; private set; }

        public TimeSpan When(string item)
        {
            Whens++;
            return delay;
        }

        public void Forget(string item)
        {
        }

        public int NumRequeues(string item) => Whens;
    }
}
