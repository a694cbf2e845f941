using SacOperator.Engine;
using SacOperator.Model;

namespace SacOperator.Images;

/// <summary>
/// <c>sacop image rollout NAME</c> requests: a waiting (manual) rollout starts, a failed one tries
/// again, when asked after it last changed.
/// </summary>
public sealed class ImageRolloutRequests(KeyChannel channel) : LatestRequests(channel)
{
    public DateTimeOffset? RequestedAt(ResourceKey key) => Latest(key);
}
