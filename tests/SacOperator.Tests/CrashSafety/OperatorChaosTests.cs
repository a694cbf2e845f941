using System.Diagnostics;
using System.Globalization;
using FluentAssertions;
using NUnit.Framework;
using SacOperator.Tests.TestSupport;

namespace SacOperator.Tests.CrashSafety;

/// <summary>
/// The built <c>sacop</c> killed with SIGKILL at random instants while it starts 200 agents and
/// while their specs change and disappear. Whatever instant it died, the fleet must end with exactly
/// one process per agent, each on its latest spec, and none for deleted agents. The instants are
/// random but seeded (the seed is printed), and the assertions do not depend on them.
/// </summary>
[TestFixture]
[FixtureLifeCycle(LifeCycle.InstancePerTestCase)]
[Category("EndToEnd")]
public sealed class OperatorChaosTests : IDisposable
{
    private const int Agents = 200;
    private readonly TempDirectory _dir = new("chaos");
    private readonly SacopCli _cli;
    private readonly string _agents;
    private readonly string _marker = "7" + Random.Shared.Next(10_000_000, 99_999_999).ToString(CultureInfo.InvariantCulture);
    private Process? _operator;

    public OperatorChaosTests()
    {
        _cli = new SacopCli(_dir.Combine("home"));
        _agents = _dir.Combine("agents");
        Directory.CreateDirectory(_agents);
    }

    public void Dispose()
    {
        Kill();
        HomeProcesses.KillAll(_cli.Home);
        _dir.Dispose();
    }

    [Test]
    public async Task Operator_KilledTenTimesDuringColdStartAndChurn_EndsWithOneProcessPerAgentOnItsLatestSpec()
    {
        var seed = Environment.TickCount;
        TestContext.Out.WriteLine($"chaos seed {seed}");
        var random = new Random(seed);
        var revisions = new Dictionary<string, int>();
        var next = 0;

        // Five kills during cold starts (40 new agents arrive before each), five during churn (60
        // spec changes and a few deletions before each). Each kill lands while starts are in flight:
        // after a random share of the expected processes has appeared, whatever the machine's speed.
        for (var round = 0; round < 10; round++)
        {
            var touched = new List<string>();
            if (round < 5)
            {
                for (var i = 0; i < Agents / 5; i++, next++)
                {
                    revisions[Name(next)] = 1;
                    touched.Add(Name(next));
                }
            }
            else
            {
                foreach (var name in revisions.Keys.OrderBy(_ => random.Next()).Take(64).ToList())
                {
                    if (random.Next(16) == 0)
                    {
                        File.Delete(SpecPath(name));
                        revisions.Remove(name);
                    }
                    else
                    {
                        revisions[name]++;
                        touched.Add(name);
                    }
                }
            }

            foreach (var name in touched)
            {
                WriteSpec(name, revisions[name]);
            }

            var target = random.Next(1, touched.Count);
            _operator = _cli.StartOperator(_agents, _dir.Combine("operator.log"));
            await Eventually.Until(
                () => _operator.HasExited || HomeProcesses.List(_cli.Home).Count(p => touched.Contains(p.Agent) && p.Get("REVISION") == revisions[p.Agent].ToString(CultureInfo.InvariantCulture)) >= target,
                $"{target} of the {touched.Count} new starts to be under way",
                TimeSpan.FromSeconds(60));
            Kill();
        }

        _operator = _cli.StartOperator(_agents, _dir.Combine("operator.log"));
        var final = await Eventually.Until(
            () => HomeProcesses.List(_cli.Home),
            processes => Converged(processes, revisions),
            "one process per agent on its latest revision, none for deleted agents",
            TimeSpan.FromSeconds(90));

        var byAgent = final.GroupBy(p => p.Agent).ToDictionary(g => g.Key, g => g.ToList());
        byAgent.Keys.Should().BeEquivalentTo(revisions.Keys);
        byAgent.Values.Should().OnlyContain(list => list.Count == 1, "no agent may run twice");
        byAgent.Should().OnlyContain(kv => kv.Value[0].Get("REVISION") == revisions[kv.Key].ToString(CultureInfo.InvariantCulture));
        File.ReadAllText(_dir.Combine("operator.log")).Should().NotContain("Unhandled exception");
    }

    private static bool Converged(IReadOnlyList<HomeProcesses.Entry> processes, IReadOnlyDictionary<string, int> revisions)
    {
        var byAgent = processes.GroupBy(p => p.Agent).ToDictionary(g => g.Key, g => g.ToList());
        return byAgent.Count == revisions.Count
            && revisions.All(kv => byAgent.TryGetValue(kv.Key, out var list) && list.Count == 1
                && list[0].Get("REVISION") == kv.Value.ToString(CultureInfo.InvariantCulture));
    }

    private static string Name(int i) => $"agent-{i:D3}";

    private string SpecPath(string name) => Path.Combine(_agents, name + ".yaml");

    private void WriteSpec(string name, int revision)
    {
        var temp = SpecPath(name) + ".tmp";
        File.WriteAllText(temp, $"""
            apiVersion: sacoperator.dev/v1alpha1
            kind: Agent
            metadata:
              name: {name}
            spec:
              runtime: local
              command: ["sleep", "{_marker}"]
              env:
                REVISION: "{revision}"
              terminationGracePeriod: 2s
              restart:
                policy: always
                maxRetries: -1
            """);
        File.Move(temp, SpecPath(name), overwrite: true);
    }

    private void Kill()
    {
        if (_operator is { HasExited: false })
        {
            _operator.Kill();
            _operator.WaitForExit(10_000);
        }
    }
}
