namespace SacOperator.Kubernetes.Leases;

/// <summary>Opens once (a lease was acquired); work waits on <see cref="Opened"/> before it starts.</summary>
public sealed class Gate
{
    private readonly TaskCompletionSource _opened = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public Task Opened => _opened.Task;

    public bool IsOpen => _opened.Task.IsCompleted;

    public void Open() => _opened.TrySetResult();
}
