package dev.latchkey.bench.micro;

import com.nimbusds.jose.EncryptionMethod;
import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWEAlgorithm;
import com.nimbusds.jose.JWEHeader;
import com.nimbusds.jose.JWEObject;
import com.nimbusds.jose.Payload;
import com.nimbusds.jose.crypto.DirectDecrypter;
import com.nimbusds.jose.crypto.DirectEncrypter;
import dev.latchkey.connection.TokenVault;
import dev.latchkey.flow.StateClaims;
import dev.latchkey.flow.StateCodec;
import dev.latchkey.protocol.TokenSet;
import dev.latchkey.security.KeyEntry;
import dev.latchkey.security.KeyUse;
import dev.latchkey.security.Keyring;
import dev.latchkey.security.KeyringSource;
import dev.latchkey.security.Sealer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.text.ParseException;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import javax.crypto.Cipher;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Latchkey's sealing paths beside the bare primitives they are built on, each as one round trip
 * (seal then open), so that the ratio of the pairs is Latchkey's own overhead.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class CryptoBenchmarks {

    private static final SecureRandom RANDOM = new SecureRandom();

    private StateCodec stateCodec;
    private StateClaims claims;
    private TokenVault vault;
    private TokenSet tokens;
    private String aad;
    private SecretKey encryptionKey;
    private String kid;
    private byte[] stateJson;
    private byte[] tokenJson;
    private byte[] aadBytes;

    @Setup
    public void setUp() {
        KeyringSource keys = KeyringSource.fixed(Keyring.generate(Clock.systemUTC()));
        KeyEntry active = keys.active(KeyUse.ENCRYPTION);
        encryptionKey = active.secretKey();
        kid = active.kid();
        stateCodec = new StateCodec(keys);
        vault = new TokenVault(new Sealer(keys));
        claims = new StateClaims("flw_abcdefghijklmnopqrstuvwxyz", "k".repeat(64), "http://127.0.0.1:3001/", true,
                "rcl_abcdefghijklmnopqrstuvwxyz", Instant.now().plusSeconds(600));
        tokens = new TokenSet("a".repeat(600), "Bearer", Optional.of("r".repeat(120)),
                Optional.of(Instant.now().plusSeconds(3600)), List.of("mcp:tools", "files:read"));
        aad = "con_abcdefghijklmnopqrstuvwxyz|acme|alice|http://127.0.0.1:3001/mcp|http://127.0.0.1:3001/";
        aadBytes = aad.getBytes(StandardCharsets.UTF_8);
        // The baselines seal payloads of the same size as Latchkey's own.
        stateJson = ("{\"jti\":\"" + java.util.UUID.randomUUID() + "\",\"fid\":\"" + claims.flowId() + "\",\"cv\":\""
                + claims.codeVerifier() + "\",\"ais\":\"" + claims.issuer() + "\",\"isr\":true,\"crf\":\""
                + claims.clientRef() + "\",\"exp\":" + claims.expiresAt().getEpochSecond() + "}")
                .getBytes(StandardCharsets.UTF_8);
        tokenJson = ("{\"accessToken\":\"" + tokens.accessToken() + "\",\"tokenType\":\"Bearer\",\"refreshToken\":\""
                + tokens.refreshToken().orElseThrow() + "\",\"expiresAt\":1767225600000,"
                + "\"scopes\":[\"mcp:tools\",\"files:read\"]}").getBytes(StandardCharsets.UTF_8);
    }

    @Benchmark
    public Optional<StateClaims> stateSealOpenLatchkey() {
        return stateCodec.open(stateCodec.seal(claims));
    }

    /** nimbus-jose-jwt alone: a dir/A256GCM JWE of a same-size payload, serialised, parsed and decrypted. */
    @Benchmark
    public byte[] stateSealOpenBareJose() throws JOSEException, ParseException {
        JWEObject jwe = new JWEObject(new JWEHeader.Builder(JWEAlgorithm.DIR, EncryptionMethod.A256GCM).keyID(kid).build(),
                new Payload(stateJson));
        jwe.encrypt(new DirectEncrypter(encryptionKey));
        JWEObject parsed = JWEObject.parse(jwe.serialize());
        parsed.decrypt(new DirectDecrypter(encryptionKey));
        return parsed.getPayload().toBytes();
    }

    @Benchmark
    public TokenSet tokenSealOpenLatchkey() {
        return vault.open(vault.seal(tokens, aad), aad);
    }

    /** JCA alone: AES-256-GCM of a same-size token JSON with the same AAD, then decryption. */
    @Benchmark
    public byte[] tokenSealOpenRawAesGcm() throws GeneralSecurityException {
        byte[] iv = new byte[12];
        RANDOM.nextBytes(iv);
        Cipher encrypt = Cipher.getInstance("AES/GCM/NoPadding");
        encrypt.init(Cipher.ENCRYPT_MODE, encryptionKey, new GCMParameterSpec(128, iv));
        encrypt.updateAAD(aadBytes);
        byte[] sealed = encrypt.doFinal(tokenJson);
        Cipher decrypt = Cipher.getInstance("AES/GCM/NoPadding");
        decrypt.init(Cipher.DECRYPT_MODE, encryptionKey, new GCMParameterSpec(128, iv));
        decrypt.updateAAD(aadBytes);
        return decrypt.doFinal(sealed);
    }
}
