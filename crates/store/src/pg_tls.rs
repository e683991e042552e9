//! PostgreSQL over TLS (rustls), with libpq's `sslmode` meanings:
//!
//! | `sslmode` | TLS | certificate checked |
//! |---|---|---|
//! | absent, `disable` | no | – |
//! | `prefer` | when the server offers it | no |
//! | `require` | yes | no; against `sslrootcert` when given (as libpq) |
//! | `verify-ca` | yes | chain against `sslrootcert` (else the Mozilla roots), not the host name |
//! | `verify-full` | yes | chain and host name |
//!
//! The driver knows only `disable`, `prefer` and `require` and no `sslrootcert`: both are taken
//! off the connection string here and enforced by the rustls verifier.

use std::path::PathBuf;
use std::sync::Arc;

use rustls::client::danger::{HandshakeSignatureValid, ServerCertVerified, ServerCertVerifier};
use rustls::client::WebPkiServerVerifier;
use rustls::pki_types::{CertificateDer, ServerName, UnixTime};
use rustls::{
    CertificateError, ClientConfig, DigitallySignedStruct, RootCertStore, SignatureScheme,
};
use rustls_pki_types::pem::PemObject;

/// libpq's `sslmode` values.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum SslMode {
    /// No TLS (also when `sslmode` is absent).
    Disable,
    /// TLS when the server offers it, unverified.
    Prefer,
    /// TLS, unverified unless `sslrootcert` is given.
    Require,
    /// TLS, chain verified.
    VerifyCa,
    /// TLS, chain and host name verified.
    VerifyFull,
}

/// The TLS part of a connection string.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct TlsSettings {
    pub(crate) mode: SslMode,
    pub(crate) root_cert: Option<PathBuf>,
}

/// The connection string for the driver (with `sslmode` one it knows and no `sslrootcert`) and
/// the TLS settings; an error names an unknown `sslmode`.
pub(crate) fn split(url: &str) -> Result<(String, TlsSettings), String> {
    let mut tls = TlsSettings {
        mode: SslMode::Disable,
        root_cert: None,
    };
    let mut take = |key: &str, value: &str| -> Result<Option<String>, String> {
        match key {
            "sslmode" => {
                tls.mode = match value {
                    "disable" => SslMode::Disable,
                    "prefer" | "allow" => SslMode::Prefer,
                    "require" => SslMode::Require,
                    "verify-ca" => SslMode::VerifyCa,
                    "verify-full" => SslMode::VerifyFull,
                    other => return Err(format!("unknown sslmode {other:?}: use disable, prefer, require, verify-ca or verify-full")),
                };
                let driver = match tls.mode {
                    SslMode::Disable => "disable",
                    SslMode::Prefer => "prefer",
                    _ => "require",
                };
                Ok(Some(format!("sslmode={driver}")))
            }
            "sslrootcert" => {
                tls.root_cert = Some(PathBuf::from(value));
                Ok(None)
            }
            _ => Ok(Some(format!("{key}={value}"))),
        }
    };
    let driver = if let Some((base, query)) = url.split_once('?').filter(|_| url.contains("://")) {
        let mut kept = Vec::new();
        for pair in query.split('&').filter(|p| !p.is_empty()) {
            let (k, v) = pair.split_once('=').unwrap_or((pair, ""));
            if let Some(p) = take(k, &percent_decode(v))? {
                kept.push(if k == "sslmode" { p } else { pair.to_string() });
            }
        }
        if kept.is_empty() {
            base.to_string()
        } else {
            format!("{base}?{}", kept.join("&"))
        }
    } else if url.contains("://") {
        url.to_string()
    } else {
        let mut kept = Vec::new();
        for token in url.split_whitespace() {
            match token.split_once('=') {
                Some((k, v)) if k == "sslmode" || k == "sslrootcert" => {
                    kept.extend(take(k, v)?);
                }
                _ => kept.push(token.to_string()),
            }
        }
        kept.join(" ")
    };
    Ok((driver, tls))
}

/// `%2F` → `/` (paths in URL query strings); invalid escapes are kept as they are.
fn percent_decode(s: &str) -> String {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let hex = bytes
            .get(i + 1..i + 3)
            .and_then(|h| std::str::from_utf8(h).ok())
            .and_then(|h| u8::from_str_radix(h, 16).ok());
        match (bytes[i], hex) {
            (b'%', Some(b)) => {
                out.push(b);
                i += 3;
            }
            (c, _) => {
                out.push(c);
                i += 1;
            }
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// The rustls client configuration for `tls` (not called for [`SslMode::Disable`]).
pub(crate) fn client_config(tls: &TlsSettings) -> Result<ClientConfig, String> {
    let provider = Arc::new(rustls::crypto::ring::default_provider());
    let builder = ClientConfig::builder_with_provider(provider.clone())
        .with_safe_default_protocol_versions()
        .map_err(|e| e.to_string())?;
    let verify_chain = matches!(tls.mode, SslMode::VerifyCa | SslMode::VerifyFull)
        || (tls.mode == SslMode::Require && tls.root_cert.is_some());
    if !verify_chain {
        let verifier = Arc::new(Unverified(provider));
        return Ok(builder
            .dangerous()
            .with_custom_certificate_verifier(verifier)
            .with_no_client_auth());
    }
    let roots = Arc::new(roots(tls)?);
    let webpki = WebPkiServerVerifier::builder_with_provider(roots, provider)
        .build()
        .map_err(|e| e.to_string())?;
    let verifier = Arc::new(ChainOnly {
        inner: webpki,
        check_name: tls.mode == SslMode::VerifyFull,
    });
    Ok(builder
        .dangerous()
        .with_custom_certificate_verifier(verifier)
        .with_no_client_auth())
}

/// `sslrootcert`'s certificates, or the Mozilla roots without one.
fn roots(tls: &TlsSettings) -> Result<RootCertStore, String> {
    let mut roots = RootCertStore::empty();
    let Some(path) = &tls.root_cert else {
        roots.extend(webpki_roots::TLS_SERVER_ROOTS.iter().cloned());
        return Ok(roots);
    };
    let certs = CertificateDer::pem_file_iter(path)
        .and_then(|it| it.collect::<Result<Vec<_>, _>>())
        .map_err(|e| format!("sslrootcert {}: {e}", path.display()))?;
    let (added, _) = roots.add_parsable_certificates(certs);
    if added == 0 {
        return Err(format!(
            "sslrootcert {}: no usable CA certificate",
            path.display()
        ));
    }
    Ok(roots)
}

/// `require` without a root certificate: encrypted, the server's certificate taken as it is
/// (libpq's meaning; it guards against passive eavesdropping only). Handshake signatures are
/// still checked.
#[derive(Debug)]
struct Unverified(Arc<rustls::crypto::CryptoProvider>);

impl ServerCertVerifier for Unverified {
    fn verify_server_cert(
        &self,
        _: &CertificateDer<'_>,
        _: &[CertificateDer<'_>],
        _: &ServerName<'_>,
        _: &[u8],
        _: UnixTime,
    ) -> Result<ServerCertVerified, rustls::Error> {
        Ok(ServerCertVerified::assertion())
    }

    fn verify_tls12_signature(
        &self,
        message: &[u8],
        cert: &CertificateDer<'_>,
        dss: &DigitallySignedStruct,
    ) -> Result<HandshakeSignatureValid, rustls::Error> {
        let algs = &self.0.signature_verification_algorithms;
        rustls::crypto::verify_tls12_signature(message, cert, dss, algs)
    }

    fn verify_tls13_signature(
        &self,
        message: &[u8],
        cert: &CertificateDer<'_>,
        dss: &DigitallySignedStruct,
    ) -> Result<HandshakeSignatureValid, rustls::Error> {
        let algs = &self.0.signature_verification_algorithms;
        rustls::crypto::verify_tls13_signature(message, cert, dss, algs)
    }

    fn supported_verify_schemes(&self) -> Vec<SignatureScheme> {
        self.0.signature_verification_algorithms.supported_schemes()
    }
}

/// The chain checked against the roots; the host name too for `verify-full`.
#[derive(Debug)]
struct ChainOnly {
    inner: Arc<WebPkiServerVerifier>,
    check_name: bool,
}

impl ServerCertVerifier for ChainOnly {
    fn verify_server_cert(
        &self,
        end_entity: &CertificateDer<'_>,
        intermediates: &[CertificateDer<'_>],
        name: &ServerName<'_>,
        ocsp: &[u8],
        now: UnixTime,
    ) -> Result<ServerCertVerified, rustls::Error> {
        let checked = self
            .inner
            .verify_server_cert(end_entity, intermediates, name, ocsp, now);
        match checked {
            Err(rustls::Error::InvalidCertificate(CertificateError::NotValidForName))
            | Err(rustls::Error::InvalidCertificate(CertificateError::NotValidForNameContext {
                ..
            })) if !self.check_name => Ok(ServerCertVerified::assertion()),
            other => other,
        }
    }

    fn verify_tls12_signature(
        &self,
        message: &[u8],
        cert: &CertificateDer<'_>,
        dss: &DigitallySignedStruct,
    ) -> Result<HandshakeSignatureValid, rustls::Error> {
        self.inner.verify_tls12_signature(message, cert, dss)
    }

    fn verify_tls13_signature(
        &self,
        message: &[u8],
        cert: &CertificateDer<'_>,
        dss: &DigitallySignedStruct,
    ) -> Result<HandshakeSignatureValid, rustls::Error> {
        self.inner.verify_tls13_signature(message, cert, dss)
    }

    fn supported_verify_schemes(&self) -> Vec<SignatureScheme> {
        self.inner.supported_verify_schemes()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn verify_full_and_sslrootcert_are_taken_off_the_url() {
        let (url, tls) =
            split("postgres://u@h:5/db?sslmode=verify-full&sslrootcert=%2Ftmp%2Fca.pem&application_name=x")
                .unwrap();
        assert_eq!(
            url,
            "postgres://u@h:5/db?sslmode=require&application_name=x"
        );
        assert_eq!(tls.mode, SslMode::VerifyFull);
        assert_eq!(tls.root_cert, Some(PathBuf::from("/tmp/ca.pem")));
    }

    #[test]
    fn key_value_strings_and_no_sslmode() {
        let (url, tls) = split("host=h dbname=d sslmode=verify-ca sslrootcert=/c.pem").unwrap();
        assert_eq!(url, "host=h dbname=d sslmode=require");
        assert_eq!(tls.mode, SslMode::VerifyCa);
        let (url, tls) = split("postgres://u@h/db").unwrap();
        assert_eq!(
            (url.as_str(), tls.mode),
            ("postgres://u@h/db", SslMode::Disable)
        );
    }

    #[test]
    fn an_unknown_sslmode_is_refused_by_name() {
        let e = split("postgres://h/db?sslmode=verify-everything").unwrap_err();
        assert!(e.contains("verify-everything"), "{e}");
    }

    #[test]
    fn a_missing_root_certificate_is_reported_with_its_path() {
        let tls = TlsSettings {
            mode: SslMode::VerifyFull,
            root_cert: Some(PathBuf::from("/no/such/ca.pem")),
        };
        let e = client_config(&tls).unwrap_err();
        assert!(e.contains("/no/such/ca.pem"), "{e}");
    }
}
