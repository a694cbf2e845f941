using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json.Nodes;

namespace SacOperator.Tests.TestSupport;

/// <summary>
/// A real Prometheus server (Debian package <c>prometheus</c>) on a free loopback port with its own
/// config and storage under a temp directory; the test is skipped with the reason where it is
/// missing. Disposing kills it.
/// </summary>
public sealed class PrometheusServer : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _log = new();
    private readonly HttpClient _http;

    private PrometheusServer(Process process, Uri url)
    {
        _process = process;
        Url = url;
        _http = new HttpClient { BaseAddress = url, Timeout = TaskTimeouts.Default };
        _process.OutputDataReceived += (_, e) => Append(e.Data);
        _process.ErrorDataReceived += (_, e) => Append(e.Data);
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
    }

    public Uri Url { get; }

    /// <summary>What the server printed so far (for failure messages).</summary>
    public string Log
    {
        get
        {
            lock (_log)
            {
                return _log.ToString();
            }
        }
    }

    public static async Task<PrometheusServer> StartAsync(TempDirectory dir, string config)
    {
        var binary = Tools.Require("prometheus", "the Debian package 'prometheus'");
        var configFile = dir.Write("prometheus/prometheus.yml", config);
        var port = FreePort();
        var info = new ProcessStartInfo(binary)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var arg in new[]
                 {
                     $"--config.file={configFile}", $"--storage.tsdb.path={dir.Combine("prometheus", "data")}",
                     $"--web.listen-address=127.0.0.1:{port}", "--log.level=warn",
                 })
        {
            info.ArgumentList.Add(arg);
        }

        var server = new PrometheusServer(Process.Start(info)!, new Uri($"http://127.0.0.1:{port}/"));
        try
        {
            await Eventually.Until(server.IsReadyAsync, "Prometheus to answer /-/ready");
        }
        catch (TimeoutException e)
        {
            await server.DisposeAsync();
            throw new TimeoutException($"{e.Message}; its log:\n{server.Log}", e);
        }

        return server;
    }

    /// <summary><c>GET /api/v1/query</c>; the whole response (status, data or error).</summary>
    public async Task<JsonObject> QueryAsync(string expression)
    {
        using var response = await _http.GetAsync("api/v1/query?query=" + Uri.EscapeDataString(expression));
        return JsonNode.Parse(await response.Content.ReadAsStringAsync())!.AsObject();
    }

    public async Task<JsonObject> GetAsync(string path)
    {
        using var response = await _http.GetAsync(path.TrimStart('/'));
        return JsonNode.Parse(await response.Content.ReadAsStringAsync())!.AsObject();
    }

    /// <summary>The single value of an instant vector query with one sample, or null when it has none.</summary>
    public async Task<string?> ScalarAsync(string expression)
    {
        var result = (await QueryAsync(expression))["data"]?["result"]?.AsArray();
        return result is { Count: 1 } ? result[0]!["value"]![1]!.GetValue<string>() : null;
    }

    public async ValueTask DisposeAsync()
    {
        _http.Dispose();
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync().WithTimeout();
        }

        _process.Dispose();
    }

    private async Task<bool> IsReadyAsync()
    {
        if (_process.HasExited)
        {
            throw new InvalidOperationException($"prometheus exited with code {_process.ExitCode}:\n{Log}");
        }

        try
        {
            using var response = await _http.GetAsync("-/ready");
            return response.StatusCode == HttpStatusCode.OK;
        }
        catch (HttpRequestException)
        {
            return false;
        }
    }

    private void Append(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_log)
        {
            _log.AppendLine(line);
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
