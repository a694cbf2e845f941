using SacOperator.Model;
using SacOperator.Nodes;
using SacOperator.Status;
using SacOperator.Stores;

namespace SacOperator.Agents;

/// <summary>
/// Reads an Agent's dependencies: the Image it runs (resolved and digested on its node), the
/// Account it uses (phase and credential identity) and the Host it names (readiness), from the
/// store snapshot, their status and the node. Reads only; cheap enough for every reconcile (an
/// image file is hashed once per identity, off this path).
/// </summary>
public static class AgentDependencyReader
{
    public static AgentDependencies Read(INode node, Agent agent, string? specDirectory, ResourceSnapshot snapshot, IStatusWriter status)
    {
        var account = Account(node, agent, snapshot, status);
        // A pinned Account with rotateTo is a pool in that order; the pool then says which account a run uses.
        // sac's credentials_files are a pool of the Account resources named by their directories
        // (sac's slugs); with none defined, the first existing file is used as before.
        var pool = agent.Spec.Accounts.Count > 0
            ? agent.Spec.Accounts
            : account is not null && Find(snapshot, ResourceKinds.Account, account.Name, agent.Metadata.Namespace)?.Resource is Account { Spec.RotateTo.Count: > 0 } pinned
                ? [pinned.Metadata.Name, .. pinned.Spec.RotateTo.Where(n => n != pinned.Metadata.Name)]
                : account is null
                    ? [.. AgentAccounts.SacSlugs(agent.Spec).Distinct().Where(slug => Find(snapshot, ResourceKinds.Account, slug, agent.Metadata.Namespace) is not null)]
                    : [];
        return new AgentDependencies
        {
            Image = Image(node, agent, specDirectory, snapshot, status),
            Account = pool.Count > 0 ? null : account,
            Pool = [.. pool.Select(name => Member(node, name, agent.Metadata.Namespace, snapshot, status))],
            Host = Host(agent, snapshot, status),
        };
    }

    private static ImageDependency? Image(INode node, Agent agent, string? specDirectory, ResourceSnapshot snapshot, IStatusWriter status)
    {
        if (agent.Spec.Runtime != AgentRuntimes.Apptainer || agent.Spec.Image is not { Length: > 0 } image)
        {
            return null;
        }

        var resolved = node.ResolveImage(image, specDirectory);
        // The Image's status and its paths are this host's (decision 0022): only an agent on this host follows the
        // rollout's pins, and only where the name resolves to that Image (sac's own containers come first).
        if (node is LocalNode && Find(snapshot, ResourceKinds.Image, image, agent.Metadata.Namespace) is { } managedImage
            && StatusOf(managedImage, status) is ImageStatus { Rollout: { } rollout } rolling
            && (resolved is null || rolling.Versions.Any(v => v.Path == resolved.Artifact))
            && Pinned(agent, rollout, rolling) is { } pinned)
        {
            return pinned;
        }

        if (resolved is null && Find(snapshot, ResourceKinds.Image, image, agent.Metadata.Namespace) is { } stored)
        {
            // An Image resource with nothing to run yet (building, failed, waiting for its base): wait for it, do not fail starts.
            var reported = StatusOf(stored, status);
            return new ImageDependency(image, null, null, Ready: false, reported?.Reason ?? "NotReported",
                reported?.Message is { Length: > 0 } message ? $"{reported.Phase}: {message}" : "the Image controller has not reported it yet");
        }

        // The Image controller hashed its versions when it built them: its digest is known at once, the node's only after hashing.
        var digest = resolved?.Digest ?? (resolved is not null && Find(snapshot, ResourceKinds.Image, image, agent.Metadata.Namespace) is { } managed
            ? (StatusOf(managed, status) as ImageStatus)?.Versions.FirstOrDefault(v => v.Path == resolved.Artifact)?.Sha256
            : null);
        return new ImageDependency(image, resolved?.Artifact, digest);
    }

    /// <summary>
    /// The version the Image's rollout gives the agent (its own entry's, else the rollout's), which
    /// it runs whatever <c>current</c> says; null when that version is not on disk here.
    /// </summary>
    private static ImageDependency? Pinned(Agent agent, ImageRolloutStatus rollout, ImageStatus reported)
    {
        var version = rollout.Agents.FirstOrDefault(e => e.Name == agent.Metadata.Name)?.Version ?? rollout.Version;
        var artifact = reported.Versions.FirstOrDefault(v => v.Version == version);
        return artifact is not null && (File.Exists(artifact.Path) || Directory.Exists(artifact.Path))
            ? new ImageDependency(agent.Spec.Image!, artifact.Path, ArtifactIdentity.Of(artifact), Pinned: true)
            : null;
    }

    private static AccountDependency? Account(INode node, Agent agent, ResourceSnapshot snapshot, IStatusWriter status)
    {
        if (agent.Spec.Account is not { Length: > 0 } name
            || Find(snapshot, ResourceKinds.Account, name, agent.Metadata.Namespace) is not { Resource: Account account } stored)
        {
            // A name without an Account resource is a sac account directory: its name is in the spec hash already.
            return null;
        }

        return Dependency(node, account, StatusOf(stored, status));
    }

    private static AccountDependency Member(INode node, string name, string? ns, ResourceSnapshot snapshot, IStatusWriter status) =>
        Find(snapshot, ResourceKinds.Account, name, ns) is { Resource: Account account } stored
            ? Dependency(node, account, StatusOf(stored, status))
            : new AccountDependency(name, AccountDependency.NotFound, null) { Message = $"no Account resource named '{name}'" };

    private static AccountDependency Dependency(INode node, Account account, ResourceStatus? reported)
    {
        var s = reported as AccountStatus;
        var phase = reported?.Phase;
        // Available since both conditions last turned true: the later of their transitions.
        var since = phase == AccountPhases.Available
            ? reported!.Conditions.Where(c => c.Status == ConditionStatus.True).Select(c => (DateTimeOffset?)c.LastTransitionTime).Max()
            : null;
        return new AccountDependency(account.Metadata.Name, phase is { Length: > 0 } ? phase : null, node.CredentialIdentityOf(account.Spec.Credentials))
        {
            Credentials = account.Spec.Credentials,
            Reason = reported?.Reason,
            Message = reported?.Message,
            FiveHourUsedPercent = s?.FiveHourUsedPercent,
            SevenDayUsedPercent = s?.SevenDayUsedPercent,
            AvailableAt = s?.AvailableAt,
            AvailableSince = since,
        };
    }

    private static HostDependency Host(Agent agent, ResourceSnapshot snapshot, IStatusWriter status)
    {
        if (agent.Spec.Host is not { Length: > 0 } name || name is "local" or "localhost")
        {
            return HostDependency.Local;
        }

        // Only an explicit Ready=False holds starts back: no Host resource, or one nobody has probed
        // yet, runs agents as before Hosts were observed.
        var ready = Find(snapshot, ResourceKinds.Host, name, agent.Metadata.Namespace) is { } stored
            ? StatusOf(stored, status)?.Conditions.FirstOrDefault(c => c.Type == AgentConditions.Ready)
            : null;
        return ready is { Status: ConditionStatus.False }
            ? new HostDependency(name, Ready: false, ready.Reason, ready.Message)
            : new HostDependency(name, Ready: true);
    }

    /// <summary>In the Agent's namespace; a Host (named like a machine) also cluster-wide. Key lookups only: this runs on every reconcile.</summary>
    private static StoredResource? Find(ResourceSnapshot snapshot, string kind, string name, string? ns) =>
        snapshot.Get(new ResourceKey(kind, ns ?? "", name))
        ?? (kind == ResourceKinds.Host && ns is { Length: > 0 } ? snapshot.Get(new ResourceKey(kind, "", name)) : null);

    private static ResourceStatus? StatusOf(StoredResource stored, IStatusWriter status) =>
        status.Current(stored.Key) ?? stored.Resource?.StatusObject;
}
