namespace SacOperator.Accounts;

/// <summary>A reading, or why there is none (a message naming the file or command and what is wrong with it).</summary>
public sealed record QuotaReadResult(QuotaReading? Reading, string? Problem)
{
    public static QuotaReadResult Of(QuotaReading reading) => new(reading, null);

    public static QuotaReadResult Failed(string problem) => new(null, problem);
}
