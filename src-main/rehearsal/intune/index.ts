export {
  AzuriteBlobStore,
  type AzuriteOptions,
  type BlobBlocks,
  type BlobSas,
  DEV_ACCOUNT_NAME,
} from './azurite';
