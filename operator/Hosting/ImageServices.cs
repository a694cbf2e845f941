using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using SacOperator.Engine;
using SacOperator.Images;
using SacOperator.Model;
using SacOperator.Processes;
using SacOperator.Runtime;
using SacOperator.State;
using SacOperator.Status;
using SacOperator.Stores;

namespace SacOperator.Operator.Hosting;

/// <summary>
/// The Image controller of directory mode: builds, versions and switches this host's images.
/// Its key sources: Image specs, its own channel (build stages and ends, <c>sacop image build</c>
/// and <c>rollout</c>), changes of a base Image (desired or status) mapped to the images built on
/// it, and status changes of Agents mapped to the Image they name (its rollout watches them).
/// </summary>
public static class ImageServices
{
    public static void AddImageController(this IServiceCollection services, OperatorOptions options, IReadOnlyDictionary<string, string> environment)
    {
        services.AddKeyedSingleton(ResourceKinds.Image, (_, _) => new KeyChannel(ResourceKinds.Image));
        services.AddSingleton(new ImageControllerOptions
        {
            OperatorHome = options.Home,
            HostName = options.HostName,
            Apptainer = options.Apptainer,
            Environment = environment,
        });
        services.AddSingleton(sp => new ImageBuildRequests(sp.GetRequiredKeyedService<KeyChannel>(ResourceKinds.Image)));
        services.AddSingleton(sp => new ImageRolloutRequests(sp.GetRequiredKeyedService<KeyChannel>(ResourceKinds.Image)));
        services.AddSingleton<ImageMetrics>();
        services.AddSingleton(sp => new ImageBuilds(
            sp.GetRequiredService<ProcessExitWatcher>(), sp.GetRequiredService<IEventRecorder>(), sp.GetRequiredService<ImageMetrics>(),
            sp.GetRequiredService<TimeProvider>(), sp.GetRequiredService<ILogger<ImageBuilds>>()));
        services.AddController(new ControllerRegistration
        {
            Name = ResourceKinds.Image,
            Kind = ResourceKinds.Image,
            Sources = sp =>
            {
                var store = sp.GetRequiredService<IResourceStore>();
                var changes = sp.GetRequiredService<IStatusWriter>().Changes;
                return
                [
                    new StoreSource(store, ResourceKinds.Image),
                    new ChannelSource(sp.GetRequiredKeyedService<KeyChannel>(ResourceKinds.Image)),
                    new MappedSource(new StoreSource(store, ResourceKinds.Image), changed => BuiltOn(store, changed)),
                    new MappedSource(new StatusSource(changes, ResourceKinds.Image), changed => BuiltOn(store, changed)),
                    new MappedSource(new StatusSource(changes, ResourceKinds.Agent), changed => ImageOf(store, changed)),
                    .. ControllerRegistrations.InitialKeys(sp, ResourceKinds.Image),
                ];
            },
            Reconciler = sp => new ImageReconciler(
                sp.GetRequiredService<IResourceStore>(),
                sp.GetRequiredService<IStatusWriter>(),
                sp.GetRequiredService<IEventRecorder>(),
                sp.GetRequiredService<ImageBuilds>(),
                sp.GetRequiredService<ImageBuildRequests>(),
                sp.GetRequiredService<ImageMetrics>(),
                sp.GetRequiredService<StateStore>(),
                sp.GetRequiredService<ImageControllerOptions>(),
                sp.GetRequiredKeyedService<KeyChannel>(ResourceKinds.Image),
                sp.GetRequiredService<TimeProvider>(),
                sp.GetRequiredService<ILogger<ImageReconciler>>(),
                sp.GetRequiredService<ImageRolloutRequests>()),
        });
    }

    /// <summary>The Image resource the changed Agent names, if there is one.</summary>
    private static IEnumerable<ResourceKey> ImageOf(IResourceStore store, ResourceKey agent) =>
        store.Cache.Snapshot.Get(agent)?.Resource is Agent { Spec.Image: { Length: > 0 } name }
            && store.Cache.Snapshot.Get(new ResourceKey(ResourceKinds.Image, agent.Namespace, name)) is not null
            ? [new ResourceKey(ResourceKinds.Image, agent.Namespace, name)]
            : [];

    /// <summary>Images in <paramref name="changed"/>'s namespace whose <c>source.baseImage</c> names it.</summary>
    private static IEnumerable<ResourceKey> BuiltOn(IResourceStore store, ResourceKey changed) =>
        store.Cache.Snapshot.OfKind(ResourceKinds.Image)
            .Where(r => r.Key.Namespace == changed.Namespace && r.Resource is Image { Spec.Source.BaseImage: { } name } && name == changed.Name)
            .Select(r => r.Key)
            .ToList();
}
