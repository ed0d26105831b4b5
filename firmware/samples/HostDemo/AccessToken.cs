//
// Copyright (c) LiveKit for nanoFramework contributors. Licensed under the Apache License 2.0.
//

using System;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;

namespace LiveKit.Samples.HostDemo
{
    /// <summary>
    /// A LiveKit access token: a JWT signed with HMAC-SHA256 by the API secret, iss = API key,
    /// sub = identity, nbf/exp, and a video grant to join one room and publish data.
    /// </summary>
    public static class AccessToken
    {
        /// <summary>Signs a token for <paramref name="identity"/> in <paramref name="room"/>, valid for <paramref name="ttlSeconds"/>.</summary>
        public static string Create(string apiKey, string apiSecret, string identity, string room, string name, int ttlSeconds)
        {
            long now = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
            JsonObject claims = new JsonObject
            {
                ["iss"] = apiKey,
                ["sub"] = identity,
                ["nbf"] = now - 10,
                ["exp"] = now + ttlSeconds,
                ["video"] = new JsonObject
                {
                    ["roomJoin"] = true,
                    ["room"] = room,
                    ["canPublish"] = true,
                    ["canSubscribe"] = true,
                    ["canPublishData"] = true,
                },
            };
            if (!string.IsNullOrEmpty(name))
            {
                claims["name"] = name;
            }

            string signingInput = Base64Url(Encoding.UTF8.GetBytes("{\"alg\":\"HS256\",\"typ\":\"JWT\"}")) + "." + Base64Url(Encoding.UTF8.GetBytes(claims.ToJsonString()));
            byte[] signature = HMACSHA256.HashData(Encoding.UTF8.GetBytes(apiSecret), Encoding.ASCII.GetBytes(signingInput));
            return signingInput + "." + Base64Url(signature);
        }

        private static string Base64Url(byte[] data)
        {
            return Convert.ToBase64String(data).TrimEnd('=').Replace('+', '-').Replace('/', '_');
        }
    }
}
