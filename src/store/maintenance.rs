//! Planned maintenance windows, changed on the writer (`window_tx.rs`).

use super::window_tx::WindowTx;
use super::{Result, Store};
use crate::domain::maintenance::Window;

impl Store {
    /// Every maintenance window kept, oldest id first.
    pub fn windows(&self) -> Result<Vec<Window>> {
        self.trees.windows()
    }

    /// The window running for `service` at `now`, if any: the service is off on purpose.
    pub fn maintenance_running(
        &self,
        service: &crate::domain::ServiceId,
        now: chrono::DateTime<chrono::Utc>,
    ) -> Result<Option<Window>> {
        Ok(Window::running_for(&self.windows()?, service, now).cloned())
    }

    /// Runs `change` on the writer with the windows as they are now, and stores what it
    /// records (windows and their notices) in one transaction: two admins planning the
    /// same night cannot both get it. `change` may be run once only and must not have
    /// side effects beyond its return value.
    pub async fn change_windows<R: Send + 'static>(
        &self,
        change: impl FnOnce(&mut WindowTx<'_>) -> Result<R> + Send + 'static,
    ) -> Result<R> {
        let shown = self.shown_handle();
        self.writer
            .write(move |t| {
                let mut tx = WindowTx::new(t);
                let result = change(&mut tx)?;
                tx.commit()?;
                shown.bump();
                Ok(result)
            })
            .await
    }
}
