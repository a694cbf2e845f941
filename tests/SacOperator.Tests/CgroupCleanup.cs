using NUnit.Framework;
using SacOperator.Processes;

namespace SacOperator.Tests;

/// <summary>
/// Every operator a test starts creates <c>sacop-&lt;home digest&gt;</c> in the machine's cgroup tree,
/// which outlives the test's temporary home. After the run, the trees that appeared during it are
/// removed where empty (rmdir refuses a cgroup that still holds a process, so nothing running is touched).
/// </summary>
[SetUpFixture]
public sealed class CgroupCleanup
{
    private HashSet<string> _before = [];
    private string? _parent;

    [OneTimeSetUp]
    public void Remember()
    {
        var probe = CgroupTree.Detect("probe" + Guid.NewGuid().ToString("N")[..12], out _);
        if (probe is null)
        {
            return;
        }

        Directory.Delete(probe.Path);
        _parent = Path.GetDirectoryName(probe.Path);
        _before = [.. Trees()];
    }

    [OneTimeTearDown]
    public void RemoveEmptyTrees()
    {
        foreach (var tree in Trees().Where(t => !_before.Contains(t)))
        {
            foreach (var child in Directory.EnumerateDirectories(tree))
            {
                TryRemove(child);
            }

            TryRemove(tree);
        }
    }

    private IEnumerable<string> Trees() =>
        _parent is null ? [] : Directory.EnumerateDirectories(_parent, "sacop-*").ToList();

    private static void TryRemove(string cgroup)
    {
        try
        {
            Directory.Delete(cgroup);
        }
        catch (IOException)
        {
        }
    }
}
