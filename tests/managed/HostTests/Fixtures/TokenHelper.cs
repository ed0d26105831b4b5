//
// Copyright (c) LiveKit for nanoFramework contributors. Licensed under the Apache License 2.0.
//

using System;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace LiveKit.IntegrationTests
{
    /// <summary>
    /// Makes LiveKit access tokens (JWT HS256: iss = API key, sub = identity, nbf, exp, video
    /// grant) for the tests, including deliberately bad ones.
    /// </summary>
    public static class TokenHelper
    {
        /// <summary>A token for <paramref name="identity"/> in <paramref name="room"/>.</summary>
        public static string Create(string apiKey, string apiSecret, string identity, string room, string name = null, bool roomJoin = true, int ttlSeconds = 3600, bool canUpdateOwnMetadata = true)
        {
            long now = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
            JsonObject video = new JsonObject
            {
                ["roomJoin"] = roomJoin,
                ["room"] = room,
                ["canPublish"] = true,
                ["canSubscribe"] = true,
                ["canPublishData"] = true,
                ["canUpdateOwnMetadata"] = canUpdateOwnMetadata,
            };
            JsonObject claims = new JsonObject
            {
                ["iss"] = apiKey,
                ["sub"] = identity,
                ["nbf"] = now - 10,
                ["exp"] = now + ttlSeconds,
                ["video"] = video,
            };
            if (name != null)
            {
                claims["name"] = name;
            }

            string header = B64(Encoding.UTF8.GetBytes("{\"alg\":\"HS256\",\"typ\":\"JWT\"}"));
            string payload = B64(Encoding.UTF8.GetBytes(claims.ToJsonString()));
            string signingInput = header + "." + payload;
            byte[] sig;
            using (HMACSHA256 h = new HMACSHA256(Encoding.UTF8.GetBytes(apiSecret)))
            {
                sig = h.ComputeHash(Encoding.ASCII.GetBytes(signingInput));
            }

            return signingInput + "." + B64(sig);
        }

        private static string B64(byte[] data)
        {
            return Convert.ToBase64String(data).TrimEnd('=').Replace('+', '-').Replace('/', '_');
        }
    }
}
