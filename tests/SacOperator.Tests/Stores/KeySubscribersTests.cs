using FluentAssertions;
using NUnit.Framework;
using SacOperator.Model;
using SacOperator.Stores;

namespace SacOperator.Tests.Stores;

[TestFixture]
public sealed class KeySubscribersTests
{
    private static readonly ResourceKey A = ResourceKey.Agent("a");
    private static readonly ResourceKey B = ResourceKey.Agent("b");

    [Test]
    public void Notify_ASubscriberThrows_OthersAreStillToldOfEveryKeyAndTheFailureIsReported()
    {
        var subscribers = new KeySubscribers();
        var told = new List<ResourceKey>();
        var failures = new List<(ResourceKey, string)>();
        subscribers.Failed += (key, e) => failures.Add((key, e.Message));
        subscribers.Subscribe(_ => throw new InvalidOperationException("broken dependent"));
        subscribers.Subscribe(told.Add);

        subscribers.Notify([A, B]);

        told.Should().Equal(A, B);
        failures.Should().Equal((A, "broken dependent"), (B, "broken dependent"));
    }

    [Test]
    public void Notify_ASubscriberUnsubscribesItselfWhileBeingTold_NoErrorAndNotToldAgain()
    {
        var subscribers = new KeySubscribers();
        var told = 0;
        IDisposable? self = null;
        self = subscribers.Subscribe(_ =>
        {
            told++;
            self!.Dispose();
        });

        subscribers.Notify([A]);
        subscribers.Notify([B]);

        told.Should().Be(1);
    }

    [Test]
    public void Dispose_TwiceForOneOfTwoEqualSubscriptions_RemovesOnlyThatOne()
    {
        var subscribers = new KeySubscribers();
        var told = new List<ResourceKey>();
        Action<ResourceKey> callback = told.Add;
        var first = subscribers.Subscribe(callback);
        subscribers.Subscribe(callback);

        first.Dispose();
        first.Dispose();
        subscribers.Notify([A]);

        told.Should().Equal(A);
    }
}
