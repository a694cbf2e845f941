using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using SacOperator.Processes;

namespace SacOperator.Operator.Http;

/// <summary>
/// The bearer token of the HTTP API: 32 random bytes, base64url, in <c>&lt;home&gt;/token</c> (mode
/// 0600, created with that mode so it is never readable by others, not even briefly). Only the
/// SHA-256 of the token stays in memory; a presented token is hashed and compared in constant
/// time, so neither its content nor its length leaks through timing. The value is never logged
/// and <see cref="ToString"/> names the file only.
/// </summary>
public sealed class ApiToken
{
    public const string FileName = "token";

    /// <summary>Shorter tokens are refused: they are not what this class writes, and may be guessable.</summary>
    public const int MinimumLength = 32;

    private const UnixFileMode OwnerOnly = UnixFileMode.UserRead | UnixFileMode.UserWrite;

    private readonly byte[] _hash;

    private ApiToken(string path, byte[] hash, bool created, bool tightened)
    {
        Path = path;
        _hash = hash;
        Created = created;
        Tightened = tightened;
    }

    public string Path { get; }

    /// <summary>True when this start generated the token.</summary>
    public bool Created { get; }

    /// <summary>True when the file was readable by group or others and was set back to 0600.</summary>
    public bool Tightened { get; }

    /// <summary>Reads <c>&lt;home&gt;/token</c>, generating it first if it does not exist.</summary>
    /// <exception cref="InvalidDataException">The file exists but holds no usable token.</exception>
    public static ApiToken LoadOrCreate(string home)
    {
        var path = System.IO.Path.Combine(home, FileName);
        PrivateFiles.EnsureDirectory(home);
        var created = TryCreate(path);
        var tightened = false;
        if ((File.GetUnixFileMode(path) & ~(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute)) != 0)
        {
            File.SetUnixFileMode(path, OwnerOnly);
            tightened = true;
        }

        try
        {
            return new ApiToken(path, Hash(Read(path)), created, tightened);
        }
        catch (InvalidDataException e)
        {
            throw new InvalidDataException($"{e.Message}; delete it and restart the operator to generate a new one", e);
        }
    }

    /// <summary>The token in <paramref name="path"/> (for clients).</summary>
    /// <exception cref="InvalidDataException">The file holds no usable token.</exception>
    public static string Read(string path)
    {
        var token = File.ReadAllText(path).Trim();
        if (token.Length < MinimumLength)
        {
            throw new InvalidDataException($"{path} does not hold an API token (expected at least {MinimumLength} characters)");
        }

        return token;
    }

    /// <summary>Constant-time check of a presented token.</summary>
    public bool Matches(ReadOnlySpan<char> presented) => CryptographicOperations.FixedTimeEquals(Hash(presented), _hash);

    public override string ToString() => $"API token in {Path}";

    private static bool TryCreate(string path)
    {
        Span<byte> random = stackalloc byte[32];
        RandomNumberGenerator.Fill(random);
        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write, UnixCreateMode = OwnerOnly };
        try
        {
            using var stream = new FileStream(path, options);
            stream.Write(Encoding.ASCII.GetBytes(Base64Url.EncodeToString(random) + "\n"));
            stream.Flush(flushToDisk: true);
            return true;
        }
        catch (IOException) when (File.Exists(path))
        {
            return false;
        }
    }

    private static byte[] Hash(ReadOnlySpan<char> token)
    {
        var utf8 = new byte[Encoding.UTF8.GetByteCount(token)];
        Encoding.UTF8.GetBytes(token, utf8);
        return SHA256.HashData(utf8);
    }
}
