package dev.mosaic.client;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLContextSpi;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLServerSocketFactory;
import javax.net.ssl.SSLSessionContext;
import javax.net.ssl.SSLSocketFactory;
import java.net.http.HttpClient;
import java.security.SecureRandom;
import java.security.KeyManagementException;

/**
 * What a JDK {@link HttpClient} is given for TLS when it only ever speaks plain HTTP (the hub on {@code http://}).
 * The client sets TLS up when it is built, TLS or not: the default context loads the JDK's TLS provider and trust
 * store, tens of milliseconds on the channel's way to registering. This one loads nothing and refuses any use.
 */
final class PlainHttpOnly {
    private PlainHttpOnly() {
    }

    /** A builder whose client speaks plain HTTP only: an https:// request fails with a clear message. */
    static HttpClient.Builder builder() {
        return HttpClient.newBuilder()
                .sslContext(new NoTlsContext())
                .sslParameters(new SSLParameters());
    }

    private static final class NoTlsContext extends SSLContext {
        NoTlsContext() {
            super(new NoTls(), null, "none");
        }
    }

    private static final class NoTls extends SSLContextSpi {
        private static UnsupportedOperationException refused() {
            return new UnsupportedOperationException("this client speaks plain HTTP only: use an http:// hub URL");
        }

        @Override
        protected void engineInit(javax.net.ssl.KeyManager[] km, javax.net.ssl.TrustManager[] tm, SecureRandom sr)
                throws KeyManagementException {
            throw new KeyManagementException(refused());
        }

        @Override
        protected SSLSocketFactory engineGetSocketFactory() {
            throw refused();
        }

        @Override
        protected SSLServerSocketFactory engineGetServerSocketFactory() {
            throw refused();
        }

        @Override
        protected SSLEngine engineCreateSSLEngine() {
            throw refused();
        }

        @Override
        protected SSLEngine engineCreateSSLEngine(String host, int port) {
            throw refused();
        }

        @Override
        protected SSLSessionContext engineGetServerSessionContext() {
            throw refused();
        }

        @Override
        protected SSLSessionContext engineGetClientSessionContext() {
            throw refused();
        }

        @Override
        protected SSLParameters engineGetDefaultSSLParameters() {
            return new SSLParameters();
        }

        @Override
        protected SSLParameters engineGetSupportedSSLParameters() {
            return new SSLParameters();
        }
    }
}
