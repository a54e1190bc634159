import { Schema, type Connection, type Model } from 'mongoose';

/** An uploaded image or attachment, stored in the node's own database (one document, at most MAX_MEDIA_BYTES). */
export interface MediaDoc {
  _id: string;
  filename: string;
  contentType: string;
  size: number;
  sha256: string;
  alt: string | null;
  data: Buffer;
  uploadedBy: string;
  createdAt: Date;
}

const mediaSchema = new Schema<MediaDoc>(
  {
    _id: { type: String, required: true },
    filename: { type: String, required: true },
    contentType: { type: String, required: true },
    size: { type: Number, required: true },
    sha256: { type: String, required: true, index: true },
    alt: { type: String, default: null },
    data: { type: Buffer, required: true },
    uploadedBy: { type: String, required: true },
    createdAt: { type: Date, required: true },
  },
  { collection: 'media', versionKey: false },
);

export function mediaModel(connection: Connection): Model<MediaDoc> {
  return (connection.models.Media as Model<MediaDoc>) ?? connection.model<MediaDoc>('Media', mediaSchema);
}
