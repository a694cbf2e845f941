using Microsoft.Extensions.Logging;
using SacOperator.Engine;
using SacOperator.Homes;
using SacOperator.Model;
using SacOperator.Processes;
using SacOperator.Status;
using SacOperator.Stores;

namespace SacOperator.Accounts;

/// <summary>
/// Reconciles one Account: reads its quota (sac's cache file, a command, or nothing) and the expiry
/// of its OAuth credentials, folds in what agents' streams reported, and writes the phase
/// (<see cref="AccountRules"/>). Polls at <c>pollInterval</c>, sooner when a reset, an expiry or the
/// staleness of a reading falls due; a written quota file re-enqueues it at once. Its status changes
/// re-enqueue the Agents using the account. Reads never throw out of here: whatever cannot be read
/// makes the phase Unknown with the reason, and the next poll tries again.
/// </summary>
public sealed partial class AccountReconciler(
    IResourceStore store,
    IStatusWriter status,
    IProcessRunner runner,
    IAccountSignals signals,
    QuotaFileWatch watch,
    IReadOnlyDictionary<string, string> environment,
    TimeProvider time,
    ILogger<AccountReconciler> logger) : IReconciler
{
    public async Task<ReconcileResult> ReconcileAsync(ResourceKey key, CancellationToken cancellationToken)
    {
        var snapshot = store.Cache.Snapshot;
        var desired = snapshot.Get(key);
        if (desired is null)
        {
            await status.DeleteAsync(key, null, cancellationToken).ConfigureAwait(false);
            return ReconcileResult.Done;
        }

        var generation = status.GenerationOf(key, desired);
        var previous = status.Current(key);
        if (!desired.IsValid || desired.Resource is not Account account)
        {
            await status.WriteAsync(key, desired,
                SpecValidity.Invalid(new AccountStatus(), previous?.Conditions, desired.ErrorSummary, generation, time.GetUtcNow()), cancellationToken).ConfigureAwait(false);
            return ReconcileResult.Done;
        }

        var quota = await ReadQuotaAsync(key, account.Spec, cancellationToken).ConfigureAwait(false);
        var (expiresAt, problem, writtenAt) = ReadCredentials(account.Spec.Credentials);
        var verdict = AccountRules.Evaluate(new AccountInputs
        {
            Spec = account.Spec,
            Now = time.GetUtcNow(),
            Generation = generation,
            Quota = quota,
            CredentialExpiresAt = expiresAt,
            CredentialProblem = problem,
            CredentialsWrittenAt = writtenAt,
            RateLimited = signals.Latest(key, AccountSignal.RateLimited),
            AuthenticationFailed = signals.Latest(key, AccountSignal.AuthenticationFailed),
            PreviousConditions = previous?.Conditions,
            Agents = AgentsOn(snapshot, key),
        });
        if (previous?.Phase != verdict.Status.Phase)
        {
            LogPhase(logger, key.ToString(), verdict.Status.Phase, verdict.Status.Reason ?? "", verdict.Status.Message ?? "");
        }

        await status.WriteAsync(key, desired, verdict.Status, cancellationToken).ConfigureAwait(false);
        return ReconcileResult.After(verdict.RequeueAfter);
    }

    private async Task<QuotaReadResult?> ReadQuotaAsync(ResourceKey key, AccountSpec spec, CancellationToken cancellationToken)
    {
        switch (spec.Quota.Source)
        {
            case QuotaSources.SacCache:
                var path = HomeLayerPaths.ExpandPath(spec.Quota.Path ?? SacQuotaCache.DefaultPath, environment);
                watch.Watch(key, path);
                try
                {
                    var text = await File.ReadAllTextAsync(path, cancellationToken).ConfigureAwait(false);
                    return SacQuotaCache.Parse(path, text, spec.Quota.Key ?? key.Name, File.GetLastWriteTimeUtc(path));
                }
                catch (Exception e) when (e is IOException or UnauthorizedAccessException)
                {
                    return QuotaReadResult.Failed($"{path}: {(e is FileNotFoundException or DirectoryNotFoundException ? "does not exist" : e.Message)}");
                }

            case QuotaSources.Command:
                var command = string.Join(' ', spec.Quota.Command);
                try
                {
                    var result = await runner.RunAsync(spec.Quota.Command, spec.Quota.Timeout, null, cancellationToken).ConfigureAwait(false);
                    return result.Succeeded
                        ? CommandQuota.Parse(command, result.StandardOutput, time.GetUtcNow())
                        : QuotaReadResult.Failed($"quota command '{command}' exited with code {result.ExitCode}");
                }
                catch (Exception e) when (e is CommandTimeoutException or IOException or System.ComponentModel.Win32Exception or InvalidOperationException)
                {
                    return QuotaReadResult.Failed(e is CommandTimeoutException ? e.Message : $"quota command '{command}' could not run: {e.Message}");
                }

            default:
                return null;
        }
    }

    /// <summary>Only <c>claudeAiOauth.expiresAt</c> of a credentials file; an env var or a Secret holds an API key, which has no expiry.</summary>
    private (DateTimeOffset? ExpiresAt, string? Problem, DateTimeOffset? WrittenAt) ReadCredentials(CredentialRef credentials)
    {
        var path = credentials.Directory is { Length: > 0 } directory
            ? Path.Combine(HomeLayerPaths.ExpandPath(directory, environment), CredentialExpiry.FileName)
            : credentials.File is { Length: > 0 } file ? HomeLayerPaths.ExpandPath(file, environment) : null;
        if (path is null)
        {
            return (null, null, null);
        }

        try
        {
            var bytes = File.ReadAllBytes(path);
            var (expiresAt, problem) = CredentialExpiry.Parse(path, bytes);
            Array.Clear(bytes);
            return (expiresAt, problem, File.GetLastWriteTimeUtc(path));
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            // A config directory without a credentials file authenticates some other way (an API key).
            return credentials.Directory is not null ? (null, null, null) : (null, $"{path}: does not exist", null);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return (null, $"{path}: {e.Message}", null);
        }
    }

    /// <summary>Agents naming this account (pinned or in their pool) whose status says their run uses it.</summary>
    private IReadOnlyList<string> AgentsOn(ResourceSnapshot snapshot, ResourceKey account) =>
        snapshot.OfKind(ResourceKinds.Agent)
            .Where(r => r.Key.Namespace == account.Namespace && r.Resource is Agent agent
                && AgentAccounts.Named(agent.Spec).Contains(account.Name)
                && status.Current(r.Key) is AgentStatus { Pid: not null } s && s.Account == account.Name)
            .Select(r => r.Key.Name)
            .Order(StringComparer.Ordinal)
            .ToList();

    [LoggerMessage(8001, LogLevel.Information, "{Key}: account is {Phase} ({Reason}): {Message}")]
    private static partial void LogPhase(ILogger logger, string key, string phase, string reason, string message);
}
