using NUnit.Framework;

// Fixtures run in parallel; tests that share a fixture instance do not (each fixture owns its temp dirs).
[assembly: Parallelizable(ParallelScope.Fixtures)]
[assembly: LevelOfParallelism(4)]
