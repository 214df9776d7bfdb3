/** The extended resource of NVIDIA's device plugin: a GPU type's default, and what KServe's accelerator annotation reads. */
export const NVIDIA_GPU_RESOURCE = 'nvidia.com/gpu';
