using SacOperator.Model;

namespace SacOperator.Engine;

/// <summary>
/// Keys a controller must look at when it starts even though no store lists them: resources whose
/// desired state vanished while the operator was down still own running processes.
/// </summary>
public interface IKeySource
{
    Task<IEnumerable<ResourceKey>> InitialKeysAsync(string kind, CancellationToken cancellationToken);
}
