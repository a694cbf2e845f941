using SacOperator.Engine;
using SacOperator.Model;

namespace SacOperator.Images;

/// <summary>Builds asked for with <c>sacop image build</c>: the planner honours one by starting a build that begins after it.</summary>
public sealed class ImageBuildRequests(KeyChannel channel) : LatestRequests(channel)
{
    public DateTimeOffset? ForcedAt(ResourceKey key) => Latest(key);
}
