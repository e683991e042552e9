//! The HTTP screening service (native and yente-compatible APIs).
