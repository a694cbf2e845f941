using FluentAssertions;
using NUnit.Framework;
using SacOperator.Agents;
using SacOperator.Model;

namespace SacOperator.Tests.Agents;

[TestFixture]
public sealed class BackoffTests
{
    private static readonly BackoffSpec Sac = new();

    [Test]
    public void Delay_FirstFailure_RestartsImmediately()
    {
        Backoff.Delay(Sac, 1).Should().Be(TimeSpan.Zero);
    }

    [TestCase(2, 30)]
    [TestCase(3, 60)]
    [TestCase(4, 120)]
    [TestCase(5, 240)]
    [TestCase(6, 300)]
    [TestCase(40, 300)]
    public void Delay_ConsecutiveFailuresWithSacDefaults_DoublesFrom30sUpTo300s(int failures, int seconds)
    {
        Backoff.Delay(Sac, failures).Should().Be(TimeSpan.FromSeconds(seconds));
    }

    [Test]
    public void Delay_HugeFailureCount_StaysAtMaxWithoutOverflow()
    {
        var spec = new BackoffSpec { Initial = TimeSpan.FromSeconds(1), Max = TimeSpan.FromMinutes(5), Multiplier = 10 };

        Backoff.Delay(spec, 10_000).Should().Be(TimeSpan.FromMinutes(5));
    }

    [TestCase(0, 0)]
    [TestCase(1, 1)]
    [TestCase(0, 1)]
    public void Delay_ZeroOrMillisecondBackoff_NeverShorterThanTheOneSecondFloor(int initialMs, int maxMs)
    {
        var spec = new BackoffSpec { Initial = TimeSpan.FromMilliseconds(initialMs), Max = TimeSpan.FromMilliseconds(maxMs), Multiplier = 2 };

        Enumerable.Range(2, 20).Select(n => Backoff.Delay(spec, n)).Should().OnlyContain(d => d >= Backoff.Floor);
    }

    [TestCase(double.NaN)]
    [TestCase(double.PositiveInfinity)]
    [TestCase(0.5)]
    public void Delay_MultiplierNotANumberOrBelowOne_GivesAFiniteDelayWithinBounds(double multiplier)
    {
        var spec = new BackoffSpec { Initial = TimeSpan.FromSeconds(2), Max = TimeSpan.FromSeconds(60), Multiplier = multiplier };

        Enumerable.Range(2, 50).Select(n => Backoff.Delay(spec, n)).Should().OnlyContain(d => d >= TimeSpan.FromSeconds(2) && d <= TimeSpan.FromSeconds(60));
    }

    [TestCase(1, 30)]
    [TestCase(2, 60)]
    [TestCase(3, 120)]
    [TestCase(9, 300)]
    public void Delay_SacRuleDelayFirst_FirstRestartAlreadyWaitsInitial(int failures, int seconds)
    {
        Backoff.Delay(Sac, failures, delayFirst: true).Should().Be(TimeSpan.FromSeconds(seconds));
    }
}
