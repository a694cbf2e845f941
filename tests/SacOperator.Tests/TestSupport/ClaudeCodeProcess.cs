using System.Diagnostics;
using System.Text;
using System.Text.Json.Nodes;
using System.Threading.Channels;

namespace SacOperator.Tests.TestSupport;

/// <summary>
/// The real Claude Code binary in long-lived headless mode (<c>-p --input-format stream-json --output-format stream-json
/// --verbose</c>) talking to an <see cref="AnthropicStandIn"/>, with a named pipe as stdin as an operator runs it.
/// Its config directory and working directory are private temp directories; its stdout lines are collected as JSON events.
/// </summary>
public sealed class ClaudeCodeProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly Channel<JsonNode> _events = Channel.CreateUnbounded<JsonNode>();
    private readonly List<string> _lines = [];
    private readonly StringBuilder _stderr = new();
    private readonly Lock _gate = new();
    private readonly Task<FileStream> _stdin;
    private readonly Task _readers;
    private readonly string _fifo;

    private ClaudeCodeProcess(Process process, string fifo)
    {
        _process = process;
        _fifo = fifo;

        // Opening a FIFO for writing waits for its reader; the shell opens it for claude.
        _stdin = Task.Run(() => new FileStream(fifo, FileMode.Open, FileAccess.Write, FileShare.ReadWrite, 1, FileOptions.None));
        _readers = Task.WhenAll(ReadStdoutAsync(), ReadStderrAsync());
    }

    public int Pid => _process.Id;

    public bool HasExited => _process.HasExited;

    /// <summary>Every stdout line so far, as the binary wrote it.</summary>
    public IReadOnlyList<string> Lines
    {
        get
        {
            lock (_gate)
            {
                return [.. _lines];
            }
        }
    }

    /// <summary>Everything the binary printed so far, stdout then stderr (for asserting what never appears).</summary>
    public string Output => string.Join("\n", Lines) + "\n" + Stderr;

    public string Stderr
    {
        get
        {
            lock (_gate)
            {
                return _stderr.ToString();
            }
        }
    }

    public static ClaudeCodeProcess Start(string claude, AnthropicStandIn api, TempDirectory dir, params string[] extraArgs)
    {
        var fifo = dir.Combine("stdin.fifo");
        Directory.CreateDirectory(dir.Combine("config"));
        Directory.CreateDirectory(dir.Combine("work"));
        if (!File.Exists(fifo))
        {
            using var mkfifo = Process.Start(new ProcessStartInfo("mkfifo") { ArgumentList = { fifo } })!;
            mkfifo.WaitForExit();
        }

        // The shell only redirects stdin from the pipe; the command stays an argv ("$@"), never a string.
        var info = new ProcessStartInfo("/bin/sh")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = dir.Combine("work"),
        };
        foreach (var arg in (string[])["-c", "exec \"$@\" < \"$CLAUDE_STDIN_FIFO\"", "sh", claude,
                     "-p", "--input-format", "stream-json", "--output-format", "stream-json", "--verbose", .. extraArgs])
        {
            info.ArgumentList.Add(arg);
        }

        // Nothing of the machine's own Claude or Anthropic settings (keys, models, endpoints) reaches the binary under test.
        foreach (var inherited in info.Environment.Keys.Where(k => k.StartsWith("ANTHROPIC_", StringComparison.Ordinal) ||
                     k.StartsWith("CLAUDE", StringComparison.Ordinal)).ToList())
        {
            info.Environment.Remove(inherited);
        }

        info.Environment["CLAUDE_STDIN_FIFO"] = fifo;
        info.Environment["ANTHROPIC_BASE_URL"] = api.BaseUrl;
        info.Environment["ANTHROPIC_API_KEY"] = api.ApiKey;
        info.Environment["CLAUDE_CONFIG_DIR"] = dir.Combine("config");
        info.Environment["CLAUDE_CODE_DISABLE_NONESSENTIAL_TRAFFIC"] = "1";
        info.Environment["HOME"] = dir.Path;
        return new ClaudeCodeProcess(Process.Start(info)!, fifo);
    }

    /// <summary>Writes one user turn as a stream-json input line.</summary>
    public async Task SendAsync(string text)
    {
        var line = new JsonObject
        {
            ["type"] = "user",
            ["message"] = new JsonObject
            {
                ["role"] = "user",
                ["content"] = new JsonArray(new JsonObject { ["type"] = "text", ["text"] = text }),
            },
        }.ToJsonString() + "\n";
        var stdin = await _stdin.WithTimeout();
        await stdin.WriteAsync(Encoding.UTF8.GetBytes(line));
        await stdin.FlushAsync();
    }

    /// <summary>The next event matching <paramref name="match"/> (earlier non-matching ones are passed over).</summary>
    public async Task<JsonNode> NextAsync(Func<JsonNode, bool> match, TimeSpan? timeout = null)
    {
        using var cancel = new CancellationTokenSource(timeout ?? TaskTimeouts.Default);
        while (true)
        {
            var next = await _events.Reader.ReadAsync(cancel.Token);
            if (match(next))
            {
                return next;
            }
        }
    }

    public Task<JsonNode> NextResultAsync(TimeSpan? timeout = null) => NextAsync(e => (string?)e["type"] == "result", timeout);

    /// <summary>Closes stdin (claude ends when its input ends) and waits for the exit.</summary>
    public async Task<int> CloseInputAndWaitAsync()
    {
        await (await _stdin.WithTimeout()).DisposeAsync();
        await _process.WaitForExitAsync().WithTimeout();
        await _readers.WithTimeout();
        return _process.ExitCode;
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync().WithTimeout();
        }

        if (!_stdin.IsCompleted)
        {
            // The writer still waits for a reader (claude died first): be that reader so the open returns.
            await using var unblock = new FileStream(_fifo, FileMode.Open, FileAccess.Read, FileShare.ReadWrite, 1);
            await _stdin.WithTimeout();
        }

        await (await _stdin).DisposeAsync();
        await _readers.WithTimeout();

        _process.Dispose();
    }

    private async Task ReadStdoutAsync()
    {
        while (await _process.StandardOutput.ReadLineAsync() is { } line)
        {
            lock (_gate)
            {
                _lines.Add(line);
            }

            if (line.StartsWith('{') && JsonNode.Parse(line) is { } node)
            {
                _events.Writer.TryWrite(node);
            }
        }

        _events.Writer.TryComplete();
    }

    private async Task ReadStderrAsync()
    {
        while (await _process.StandardError.ReadLineAsync() is { } line)
        {
            lock (_gate)
            {
                _stderr.AppendLine(line);
            }
        }
    }
}
