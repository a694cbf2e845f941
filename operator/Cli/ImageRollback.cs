using SacOperator.Model;
using SacOperator.Runtime;

namespace SacOperator.Operator.Cli;

/// <summary>Which version <c>sacop image rollback</c> goes back to: the highest one below the active version.</summary>
public static class ImageRollback
{
    public static string? Previous(ImageStatus? status)
    {
        if (status?.ActiveVersion is not { } active)
        {
            return null;
        }

        var number = ImageLayout.NumberOf(active);
        return status.Versions
            .Select(v => v.Version)
            .Where(v => ImageLayout.NumberOf(v) < number)
            .OrderByDescending(ImageLayout.NumberOf)
            .FirstOrDefault();
    }
}
