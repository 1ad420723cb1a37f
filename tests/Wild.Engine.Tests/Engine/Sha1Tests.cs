// The managed SHA-1 that build-ids run over their chunk digests must agree with the platform's on every
// length around the padding boundaries: it is a real SHA-1, only its input is the digest list.
using System.Security.Cryptography;
using Wild.Engine.Writing;

namespace Wild.Engine.Tests.Engine;

public sealed class Sha1Tests
{
    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(55)]
    [InlineData(56)]
    [InlineData(63)]
    [InlineData(64)]
    [InlineData(65)]
    [InlineData(119)]
    [InlineData(120)]
    [InlineData(1000)]
    [InlineData(1 << 20)]
    public void MatchesThePlatformSha1(int length)
    {
        var data = new byte[length];
        new Random(length).NextBytes(data);
        var expected = SHA1.HashData(data);
        var actual = new byte[20];
        Sha1.HashData(data, actual);
        Assert.Equal(expected, actual);
    }
}
