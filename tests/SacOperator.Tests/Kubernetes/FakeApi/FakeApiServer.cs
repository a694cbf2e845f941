using System.Globalization;
using System.Net;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Server.Kestrel.Https;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using SacOperator.Tests.TestSupport;

namespace SacOperator.Tests.Kubernetes.FakeApi;

/// <summary>
/// A stand-in for a Kubernetes API server on loopback, for our resources only. It is not a
/// Kubernetes API server: it implements the slice of its HTTP behaviour that SacOperator and
/// kubectl use (discovery, OpenAPI v3, list with paging, chunked watch streams with bookmarks,
/// 410 Expired, the status subresource, merge and apply patches, finalizers, 409 conflicts,
/// Leases, Events, Tables), with the CRDs from crds/ as schemas. Tests inject faults into it.
/// </summary>
public sealed partial class FakeApiServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly FakeApiOptions _options;
    private readonly List<(string Method, string PathPart, int Code)> _failures = [];

    private FakeApiServer(WebApplication app, FakeApiOptions options, FakeCluster cluster)
    {
        _app = app;
        _options = options;
        Cluster = cluster;
    }

    public FakeCluster Cluster { get; }

    public RequestLog Requests { get; } = new();

    public Uri Uri { get; private set; } = null!;

    public static IReadOnlyList<FakeResourceType> DefaultTypes() =>
    [
        .. Directory.GetFiles(Path.Combine(Repo.Root, "crds"), "sacoperator.dev_*.yaml").Order(StringComparer.Ordinal).Select(f => FakeResourceType.FromCrd(File.ReadAllText(f))),
        FakeResourceType.Leases,
        FakeResourceType.Events,
    ];

    public static async Task<FakeApiServer> StartAsync(FakeApiOptions? options = null)
    {
        options ??= new FakeApiOptions();
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0, listen =>
        {
            if (options.Certificate is { } certificate)
            {
                listen.UseHttps(https =>
                {
                    https.ServerCertificate = certificate;
                    if (options.ClientAuthority is { } authority)
                    {
                        https.ClientCertificateMode = ClientCertificateMode.RequireCertificate;
                        https.ClientCertificateValidation = (client, _, _) => IssuedBy(client, authority);
                    }
                });
            }
        }));
        var app = builder.Build();
        var server = new FakeApiServer(app, options, new FakeCluster(options.Types ?? DefaultTypes(), options.Time));
        app.Run(server.HandleAsync);
        await app.StartAsync();
        var address = app.Services.GetRequiredService<Microsoft.AspNetCore.Hosting.Server.IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        server.Uri = new Uri(address);
        return server;
    }

    /// <summary>The next <paramref name="times"/> requests with this method whose path contains <paramref name="pathPart"/> fail with <paramref name="code"/>.</summary>
    public void FailNext(string method, string pathPart, int code, int times = 1)
    {
        lock (_failures)
        {
            for (var i = 0; i < times; i++)
            {
                _failures.Add((method, pathPart, code));
            }
        }
    }

    /// <summary>A kubeconfig pointing at this server (with the token, when one is required).</summary>
    public string KubeConfig(string @namespace = "default") => $"""
        apiVersion: v1
        kind: Config
        clusters:
        - name: standin
          cluster:
            server: {Uri.AbsoluteUri.TrimEnd('/')}
        contexts:
        - name: standin
          context:
            cluster: standin
            user: tester
            namespace: {@namespace}
        users:
        - name: tester
          user:
            token: {_options.Token ?? "unused"}
        current-context: standin
        """;

    public async ValueTask DisposeAsync()
    {
        Cluster.DropWatches();
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    private static bool IssuedBy(X509Certificate2 client, X509Certificate2 authority)
    {
        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.Add(authority);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        return chain.Build(client);
    }

    private async Task HandleAsync(HttpContext context)
    {
        var request = context.Request;
        var body = "";
        if (request.ContentLength is > 0 || request.Headers.TransferEncoding.Count > 0)
        {
            request.EnableBuffering();
            using var reader = new StreamReader(request.Body, Encoding.UTF8, leaveOpen: true);
            body = await reader.ReadToEndAsync().ConfigureAwait(false);
            request.Body.Position = 0;
        }

        Requests.Add(new FakeRequest(request.Method, request.Path.Value ?? "/", request.Query, request.ContentType, request.Headers.Authorization.FirstOrDefault(), body));
        try
        {
            if (_options.Token is { } token && request.Headers.Authorization.FirstOrDefault() != $"Bearer {token}")
            {
                throw new FakeApiException(401, "Unauthorized", "Unauthorized");
            }

            if (TakeFailure(request.Method, request.Path.Value ?? "") is { } code)
            {
                throw new FakeApiException(code, code == 410 ? "Expired" : "InternalError", $"injected failure {code}");
            }

            await DispatchAsync(context).ConfigureAwait(false);
        }
        catch (FakeApiException e)
        {
            if (!context.Response.HasStarted)
            {
                await WriteAsync(context, e.Code, e.ToStatus()).ConfigureAwait(false);
            }
        }
        catch (JsonException e)
        {
            await WriteAsync(context, 400, FakeApiException.Status(400, "BadRequest", $"invalid JSON: {e.Message}")).ConfigureAwait(false);
        }
    }

    private int? TakeFailure(string method, string path)
    {
        lock (_failures)
        {
            var index = _failures.FindIndex(f => f.Method == method && path.Contains(f.PathPart, StringComparison.Ordinal));
            if (index < 0)
            {
                return null;
            }

            var code = _failures[index].Code;
            _failures.RemoveAt(index);
            return code;
        }
    }

    private static async Task WriteAsync(HttpContext context, int code, JsonNode body, IReadOnlyList<string>? warnings = null)
    {
        context.Response.StatusCode = code;
        context.Response.ContentType = "application/json";
        foreach (var warning in warnings ?? [])
        {
            context.Response.Headers.Append("Warning", $"299 - \"{warning.Replace("\"", "\\\"", StringComparison.Ordinal)}\"");
        }

        await context.Response.WriteAsync(CanonicalJson.Serialize(body), Encoding.UTF8).ConfigureAwait(false);
    }

    private static async Task<JsonObject> BodyAsync(HttpContext context)
    {
        using var reader = new StreamReader(context.Request.Body, Encoding.UTF8);
        var text = await reader.ReadToEndAsync().ConfigureAwait(false);
        return context.Request.ContentType?.StartsWith("application/apply-patch+yaml", StringComparison.Ordinal) == true
            ? YamlJson.Parse(text) as JsonObject ?? throw FakeApiException.BadRequest("the apply patch is not a YAML mapping")
            : JsonNode.Parse(text) as JsonObject ?? throw FakeApiException.BadRequest("the body is not a JSON object");
    }

    private static FieldValidation Validation(HttpRequest request) => request.Query["fieldValidation"].FirstOrDefault() switch
    {
        "Strict" => FieldValidation.Strict,
        "Ignore" => FieldValidation.Ignore,
        _ => FieldValidation.Warn,
    };

    private static string Manager(HttpRequest request) =>
        request.Query["fieldManager"].FirstOrDefault()
        ?? request.Headers.UserAgent.FirstOrDefault()?.Split('/')[0]
        ?? "unknown";

    private static string Continue(long revision, int offset) =>
        Convert.ToBase64String(Encoding.ASCII.GetBytes(string.Create(CultureInfo.InvariantCulture, $"{revision}:{offset}")));
}
