package dev.bulwark.debian.archive;

import java.net.Socket;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509ExtendedTrustManager;

/**
 * The JDK's default trust manager (the same trust store, checks and host name verification), loaded at the first TLS
 * handshake instead of when the transport makes its TLS context: loading the trust store is most of that, and a run
 * against a plain-http mirror (the common apt setup) never shakes hands.
 */
final class DeferredTrust extends X509ExtendedTrustManager {
    private X509ExtendedTrustManager loaded;

    private DeferredTrust() {
    }

    /**
     * A TLS context trusting what the default one trusts; null when the JVM is told to present a client key (the
     * javax.net.ssl.keyStore property), which only the default context reads: then the caller keeps the default.
     */
    static SSLContext context() {
        if (System.getProperty("javax.net.ssl.keyStore") != null) {
            return null;
        }
        try {
            SSLContext tls = SSLContext.getInstance("TLS");
            tls.init(null, new TrustManager[] {new DeferredTrust()}, null);
            return tls;
        } catch (GeneralSecurityException e) {
            return null;
        }
    }

    private synchronized X509ExtendedTrustManager trust() throws CertificateException {
        if (loaded == null) {
            try {
                TrustManagerFactory f = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
                f.init((KeyStore) null);
                for (TrustManager m : f.getTrustManagers()) {
                    if (m instanceof X509ExtendedTrustManager x) {
                        loaded = x;
                        break;
                    }
                }
            } catch (GeneralSecurityException e) {
                throw new CertificateException("cannot load the default trust store: " + e.getMessage(), e);
            }
            if (loaded == null) {
                throw new CertificateException("the default trust manager factory has no X.509 trust manager");
            }
        }
        return loaded;
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
        trust().checkServerTrusted(chain, authType);
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket) throws CertificateException {
        trust().checkServerTrusted(chain, authType, socket);
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine) throws CertificateException {
        trust().checkServerTrusted(chain, authType, engine);
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
        trust().checkClientTrusted(chain, authType);
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket) throws CertificateException {
        trust().checkClientTrusted(chain, authType, socket);
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine) throws CertificateException {
        trust().checkClientTrusted(chain, authType, engine);
    }

    @Override
    public X509Certificate[] getAcceptedIssuers() {
        try {
            return trust().getAcceptedIssuers();
        } catch (CertificateException e) {
            return new X509Certificate[0];
        }
    }
}
