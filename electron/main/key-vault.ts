import { safeStorage } from 'electron';
import type { KeyVault } from '../core/sync/identity.ts';

/**
 * The kiosk's keys sealed with the OS's own key store (DPAPI on Windows, the keyring on Linux,
 * the Keychain on macOS), so a copy of the data folder carries nothing usable. Only valid after
 * app 'ready'. Where the OS offers no encryption, starting would silently fall back to plain
 * text on Linux ("basic_text"); that is refused, so keys are never written unprotected.
 */
export function safeStorageVault(): KeyVault {
  const check = () => {
    if (!safeStorage.isEncryptionAvailable()) throw new Error('OS key storage is not available: cannot protect the kiosk keys');
    if (process.platform === 'linux' && safeStorage.getSelectedStorageBackend() === 'basic_text') {
      throw new Error('OS key storage is the plain-text fallback: cannot protect the kiosk keys');
    }
  };
  return {
    seal: (bytes) => {
      check();
      return safeStorage.encryptString(bytes.toString('base64'));
    },
    open: (sealed) => {
      check();
      return Buffer.from(safeStorage.decryptString(sealed), 'base64');
    },
  };
}
