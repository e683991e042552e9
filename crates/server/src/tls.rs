//! HTTPS: the certificate chain and key (PEM files) and the TLS handshake under the server's own
//! accept loop, so that the connection cap and the header-read timeout hold for TLS connections
//! too (the handshake itself must finish within the header-read timeout).

use std::path::Path;
use std::sync::Arc;

use rustls_pki_types::pem::PemObject;
use rustls_pki_types::{CertificateDer, PrivateKeyDer};
use tokio_rustls::rustls;
use tokio_rustls::TlsAcceptor;

use crate::error::ServerError;

/// A server certificate and its key, ready to accept TLS connections (HTTP/1.1 over TLS 1.2 or
/// 1.3). Cheap to clone.
#[derive(Clone)]
pub struct Tls {
    pub(crate) acceptor: TlsAcceptor,
}

impl std::fmt::Debug for Tls {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Tls { .. }")
    }
}

impl Tls {
    /// Reads a PEM certificate chain (the server's certificate first, then intermediates) and a
    /// PEM private key (PKCS#8, PKCS#1 or SEC1).
    pub fn from_pem_files(cert: &Path, key: &Path) -> Result<Tls, ServerError> {
        let chain = CertificateDer::pem_file_iter(cert)
            .and_then(|certs| certs.collect::<Result<Vec<_>, _>>())
            .map_err(|e| pem_error(cert, "a PEM certificate chain", &e))?;
        if chain.is_empty() {
            return Err(ServerError::Tls(format!(
                "{}: no CERTIFICATE block found",
                cert.display()
            )));
        }
        let key_der = PrivateKeyDer::from_pem_file(key)
            .map_err(|e| pem_error(key, "a PEM private key", &e))?;
        Tls::from_der(chain, key_der)
            .map_err(|e| ServerError::Tls(format!("{} and {}: {e}", cert.display(), key.display())))
    }

    /// A certificate chain and key already in DER form.
    pub fn from_der(
        chain: Vec<CertificateDer<'static>>,
        key: PrivateKeyDer<'static>,
    ) -> Result<Tls, ServerError> {
        let provider = Arc::new(rustls::crypto::ring::default_provider());
        let mut config = rustls::ServerConfig::builder_with_provider(provider)
            .with_safe_default_protocol_versions()
            .and_then(|b| b.with_no_client_auth().with_single_cert(chain, key))
            .map_err(|e| ServerError::Tls(format!("the certificate or key is unusable: {e}")))?;
        // The server speaks HTTP/1.1 only.
        config.alpn_protocols = vec![b"http/1.1".to_vec()];
        Ok(Tls {
            acceptor: TlsAcceptor::from(Arc::new(config)),
        })
    }
}

fn pem_error(path: &Path, what: &str, e: &rustls_pki_types::pem::Error) -> ServerError {
    ServerError::Tls(format!("{}: cannot read {what}: {e}", path.display()))
}
